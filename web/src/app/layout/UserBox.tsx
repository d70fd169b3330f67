import { DisconnectOutlined, DownOutlined, KeyOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { authApi } from '../../api/auth.ts';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { useNavigate } from 'react-router-dom';
import type { RoleBinding } from '../../../../contracts/auth.ts';
import { ROLE_LABELS } from '../../../../contracts/roles.ts';
import { TwoFactorModal } from '../../features/auth/components/TwoFactorModal.tsx';
import { useCurrentUser, useSession } from '../session.tsx';

/** "县（市、区）人才办 · 凤鸣区" — the role and what it is bound to (城市级 roles: just the role). */
export function roleText(b: RoleBinding): string {
  // An outpost's name already says what it is (驻深圳人才工作站).
  if (b.outpostName) return b.outpostName;
  return b.countyName ? `${ROLE_LABELS[b.role]} · ${b.countyName}` : ROLE_LABELS[b.role];
}

export function RoleTags({ roles }: { roles: RoleBinding[] }) {
  return (
    <>
      {roles.map((b) => (
        <Tag key={`${b.role}|${b.countyId}|${b.outpostId}`} color="blue" style={{ marginInlineEnd: 4 }}>
          {roleText(b)}
        </Tag>
      ))}
    </>
  );
}

/** Header right side: who is logged in, as what, and the way out. */
export function UserBox({ compact }: { compact: boolean }) {
  const user = useCurrentUser();
  const { logout } = useSession();
  const navigate = useNavigate();
  const [twoFactor, setTwoFactor] = useState(false);
  const closeTwoFactor = useCallback(() => setTwoFactor(false), []);
  const doLogout = async () => {
    await logout();
    navigate('/login', { replace: true });
  };
  const logoutOthers = () =>
    Modal.confirm({
      title: '退出其他会话',
      content: '将退出您在其他设备或浏览器上的所有登录，当前会话保留。',
      okText: '退出其他会话',
      cancelText: '取消',
      onOk: async () => {
        try {
          const r = await authApi.logoutOthers();
          toast().success(r.ended ? `已退出 ${r.ended} 个其他会话` : '没有其他会话');
        } catch (e) {
          showError(e);
        }
      },
    });
  const accountItems = [
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { key: 'totp', icon: <SafetyCertificateOutlined />, label: user.totpEnabled ? '两步验证（已启用）' : '两步验证' },
    { key: 'others', icon: <DisconnectOutlined />, label: '退出其他会话' },
  ];
  const onAccount = (key: string) => {
    if (key === 'password') navigate('/account/password');
    if (key === 'others') logoutOthers();
    if (key === 'totp') setTwoFactor(true);
    if (key === 'logout') void doLogout();
  };

  const modal = <TwoFactorModal open={twoFactor} onClose={closeTwoFactor} />;
  if (compact) {
    return (
      <>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              ...user.roles.map((b, i) => ({ key: `role-${i}`, label: roleText(b), disabled: true })),
              { type: 'divider' as const },
              ...accountItems,
              { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
            ],
            onClick: ({ key }) => onAccount(key),
          }}
        >
          <Button type="text" icon={<UserOutlined />}>
            <Typography.Text ellipsis style={{ maxWidth: 96 }}>{user.displayName}</Typography.Text>
            <DownOutlined style={{ fontSize: 10 }} />
          </Button>
        </Dropdown>
        {modal}
      </>
    );
  }
  return (
    <>
      <Space size="middle">
        <Dropdown trigger={['click']} menu={{ items: accountItems, onClick: ({ key }) => onAccount(key) }}>
          <Button type="text" icon={<UserOutlined />}>
            <Typography.Text strong>{user.displayName}</Typography.Text>
            <DownOutlined style={{ fontSize: 10 }} />
          </Button>
        </Dropdown>
        <span>
          <RoleTags roles={user.roles} />
        </span>
        <Button icon={<LogoutOutlined />} onClick={() => void doLogout()}>
          退出登录
        </Button>
      </Space>
      {modal}
    </>
  );
}
