import { Alert, Descriptions, Form, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { County, Outpost } from '../../../../../contracts/org.ts';
import { ROLE_LABELS } from '../../../../../contracts/roles.ts';
import type { User } from '../../../../../contracts/users.ts';
import { ApiError } from '../../../api/client.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { securityApi } from '../api.ts';
import { RoleGrantsField, toGrants, toRows, type RoleRow } from './RoleGrantsField.tsx';

interface Props {
  /** The account whose roles are edited; null when closed. */
  user: User | null;
  counties: County[];
  outposts: Outpost[];
  onClose(): void;
  onSaved(): void;
}

/**
 * 授权: the whole set of roles of an account with their county/outpost, replaced at once after a
 * confirmation (the user is logged out so the change applies immediately). A stale version (someone
 * else changed the account) reloads it.
 */
export function RoleGrantModal({ user, counties, outposts, onClose, onSaved }: Props) {
  const [form] = Form.useForm<{ roles: RoleRow[] }>();
  const [saving, setSaving] = useState(false);
  const [current, setCurrent] = useState<User | null>(null);

  useEffect(() => {
    if (!user) return;
    setCurrent(user);
    form.resetFields();
    form.setFieldsValue({ roles: toRows(user.roles) });
  }, [user, form]);

  const save = async (rows: RoleRow[]) => {
    if (!current) return;
    setSaving(true);
    try {
      await securityApi.setRoles(current.id, current.version, toGrants(rows));
      toast().success(`已更新 ${current.username} 的角色`);
      onSaved();
    } catch (e) {
      showError(e, form);
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        const page = await securityApi.accounts({ q: current.username }, 1, 10).catch(() => null);
        const fresh = page?.items.find((u) => u.id === current.id);
        if (fresh) {
          setCurrent(fresh);
          form.setFieldsValue({ roles: toRows(fresh.roles) });
        }
      }
    } finally {
      setSaving(false);
    }
  };

  const confirm = (v: { roles?: RoleRow[] }) => {
    const rows = v.roles ?? [];
    const labels = toGrants(rows).map((g) => ROLE_LABELS[g.role]);
    Modal.confirm({
      title: `确认修改 ${current?.username} 的角色？`,
      content: labels.length ? `保存后的角色：${labels.join('、')}。该用户将立即退出登录，重新登录后按新角色生效。` : '保存后该账号将没有任何角色，无法使用任何功能，并立即退出登录。',
      okText: '确认修改',
      okButtonProps: { danger: labels.length === 0 },
      cancelText: '取消',
      onOk: () => save(rows),
    });
  };

  return (
    <Modal
      open={!!user}
      title={`角色授权：${current?.username ?? ''}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={680}
      forceRender
    >
      {current && (
        <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
          <Descriptions.Item label="用户名">{current.username}</Descriptions.Item>
          <Descriptions.Item label="姓名">{current.displayName}</Descriptions.Item>
        </Descriptions>
      )}
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="系统管理员、安全管理员、安全审计员三权分立：同一账号只能担任其中一个，且不能兼任业务角色。每次修改都会记入审计日志。"
      />
      <Form form={form} layout="vertical" onFinish={confirm} autoComplete="off">
        <Form.Item label="角色及数据范围" style={{ marginBottom: 0 }}>
          <RoleGrantsField counties={counties} outposts={outposts} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
