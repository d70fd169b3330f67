import { SafetyCertificateOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ADMIN_TRIAD, ROLE_LABELS, ROLES, type Role } from '../../../../../contracts/roles.ts';
import type { TotpPolicyView } from '../../../../../contracts/totp.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { securityApi } from '../api.ts';

const GROUPS: { title: string; roles: readonly Role[] }[] = [
  { title: '系统管理（三权分立）', roles: ADMIN_TRIAD },
  { title: '业务用户', roles: ROLES.filter((r) => !ADMIN_TRIAD.includes(r)) },
];

/** 安全策略 (security_admin): which roles must log in with a second factor. */
export default function SecurityPolicyPage() {
  const [policy, setPolicy] = useState<TotpPolicyView | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    securityApi.totpPolicy().then((p) => {
      setPolicy(p);
      setRoles(p.roles);
    }, showError);
  }, []);

  const save = async () => {
    setSaving(true);
    try {
      const p = await securityApi.saveTotpPolicy(roles);
      setPolicy(p);
      setRoles(p.roles);
      toast().success('两步验证策略已保存，将在相关用户下次登录时生效');
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const dirty = policy !== null && [...roles].sort().join() !== [...policy.roles].sort().join();
  return (
    <Card title={<Space><SafetyCertificateOutlined />两步验证策略</Space>} style={{ maxWidth: 760 }}>
      {!policy ? (
        <Skeleton active />
      ) : (
        <>
          <Typography.Paragraph>
            勾选的角色登录时必须使用手机验证器 App 的动态验证码（TOTP）作为第二重身份验证。尚未设置的用户在下次登录后须先完成设置，才能使用系统；已启用的用户不能自行停用。
          </Typography.Paragraph>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 20 }}
            title={
              policy.source === 'default'
                ? '当前使用系统默认策略，保存后以此处设置为准'
                : `最近修改：${new Date(policy.updatedAt!).toLocaleString('zh-CN')}`
            }
            description="策略在用户下次登录时生效；演示账号不受此策略限制。"
          />
          <Checkbox.Group value={roles} onChange={(v) => setRoles(v as Role[])} style={{ display: 'block' }}>
            {GROUPS.map((g) => (
              <div key={g.title} style={{ marginBottom: 16 }}>
                <Typography.Text strong>{g.title}</Typography.Text>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 8, marginTop: 8 }}>
                  {g.roles.map((r) => (
                    <Checkbox key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </Checkbox>
                  ))}
                </div>
              </div>
            ))}
          </Checkbox.Group>
          {!roles.includes('security_admin') && policy.roles.includes('security_admin') && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="取消后，安全管理员账号（包括您自己）将可以不使用两步验证登录。" />
          )}
          <Space>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={!dirty} onClick={() => void save()}>
              保存策略
            </Button>
            <Button disabled={!dirty} onClick={() => setRoles(policy.roles)}>
              撤销修改
            </Button>
          </Space>
        </>
      )}
    </Card>
  );
}
