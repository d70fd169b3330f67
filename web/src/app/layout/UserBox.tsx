import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { RoleBinding } from '../../../../contracts/auth.ts';
import { ROLE_LABELS } from '../../../../contracts/roles.ts';
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
  const doLogout = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  if (compact) {
    return (
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            ...user.roles.map((b, i) => ({ key: `role-${i}`, label: roleText(b), disabled: true })),
            { type: 'divider' as const },
            { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
          ],
          onClick: ({ key }) => key === 'logout' && void doLogout(),
        }}
      >
        <Button type="text" icon={<UserOutlined />}>
          <Typography.Text ellipsis style={{ maxWidth: 96 }}>{user.displayName}</Typography.Text>
          <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
    );
  }
  return (
    <Space size="middle">
      <Space size={4}>
        <UserOutlined />
        <Typography.Text strong>{user.displayName}</Typography.Text>
      </Space>
      <span>
        <RoleTags roles={user.roles} />
      </span>
      <Button icon={<LogoutOutlined />} onClick={() => void doLogout()}>
        退出登录
      </Button>
    </Space>
  );
}
