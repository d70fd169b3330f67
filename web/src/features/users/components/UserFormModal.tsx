import { Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { NewPasswordSchema, StaffMobileSchema, UsernameSchema, type User } from '../../../../../contracts/users.ts';
import { ApiError } from '../../../api/client.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { zodRule } from '../../../api/zodRule.ts';
import { usersApi } from '../api.ts';

interface Values {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
  phone?: string;
  removePhone?: boolean;
}

interface Props {
  /** The user to edit; null to create one; undefined when closed. */
  user: User | null | undefined;
  onClose(): void;
  onSaved(): void;
  /** The list behind is out of date (someone else changed a user). */
  onStale(): void;
}

/** Create an account (no roles: the security administrator grants them), or edit its name (with the version, so a stale edit gets 409). */
export function UserFormModal({ user, onClose, onSaved, onStale }: Props) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const open = user !== undefined;
  const isEdit = !!editing;
  const removePhone = Form.useWatch('removePhone', form);

  useEffect(() => {
    if (!open) return;
    setEditing(user ?? null);
    form.resetFields();
    if (user) form.setFieldsValue({ username: user.username, displayName: user.displayName });
  }, [open, user, form]);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      if (editing) {
        // Blank keeps the stored number (it is never sent back in clear); the checkbox removes it.
        const phone = v.removePhone ? null : v.phone?.trim() ? v.phone : undefined;
        await usersApi.update(editing.id, { version: editing.version, displayName: v.displayName, phone });
        toast().success(`已保存用户 ${editing.username}`);
      } else {
        await usersApi.create({ username: v.username, displayName: v.displayName, password: v.password, phone: v.phone?.trim() || undefined });
        toast().success(`已创建用户 ${v.username}`);
      }
      onSaved();
    } catch (e) {
      showError(e, form);
      if (editing && e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        // Someone else changed this user: load their version so the edit can be redone on it.
        const fresh = await usersApi.get(editing.id).catch(() => null);
        if (fresh) {
          setEditing(fresh);
          form.setFieldsValue({ displayName: fresh.displayName });
        }
        onStale();
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={isEdit ? `编辑用户：${editing.username}` : '新建用户'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item name="username" label="用户名" rules={isEdit ? [] : [{ required: true, message: '请输入用户名' }, zodRule(UsernameSchema)]}>
          <Input disabled={isEdit} placeholder="字母开头，3–32 位，如 zhang.san" maxLength={32} />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input placeholder="真实姓名" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="phone"
          label="手机号码"
          extra={
            isEdit && editing.phoneMasked
              ? `当前：${editing.phoneMasked}（加密保存）。留空则不修改；用于接收短信提醒（如领导联系服务的到期提醒）。`
              : '可不填。用于接收短信提醒（如领导联系服务的到期提醒），加密保存，列表中只显示部分号码。'
          }
          rules={removePhone ? [] : [zodRule(StaffMobileSchema)]}
        >
          <Input placeholder={isEdit && editing.phoneMasked ? `填写新号码以更换（当前 ${editing.phoneMasked}）` : '11 位手机号码，如 13812345678'} maxLength={20} inputMode="tel" disabled={!!removePhone} autoComplete="off" />
        </Form.Item>
        {isEdit && editing.phoneMasked && (
          <Form.Item name="removePhone" valuePropName="checked" style={{ marginTop: -8 }}>
            <Checkbox>删除手机号码（不再发送短信提醒）</Checkbox>
          </Form.Item>
        )}
        {!isEdit && (
          <>
            <Form.Item
              name="password"
              label="初始密码"
              extra="至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类"
              rules={[{ required: true, message: '请输入初始密码' }, zodRule(NewPasswordSchema)]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label="确认密码"
              dependencies={['password']}
              rules={[
                { required: true, message: '请再次输入密码' },
                ({ getFieldValue }) => ({
                  validator: async (_r, v) => {
                    if (v && v !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        {!isEdit && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            新账号没有任何角色，由安全管理员在“角色授权”中授予角色和数据范围（三权分立）。初始密码须在首次登录时修改。
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
