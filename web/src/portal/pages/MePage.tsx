import { CustomerServiceOutlined, FormOutlined, LogoutOutlined, RightOutlined, SafetyOutlined, SolutionOutlined } from '@ant-design/icons';
import { Button, Card, List, Space, Spin, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { PROFILE_STATUSES } from '../../../../contracts/portal.ts';
import { PageTitle } from '../PortalLayout.tsx';
import { usePortal } from '../session.tsx';

const STATUS_COLORS = { none: 'default', pending: 'gold', rejected: 'red', linked: 'green' } as const;

/** 我的: the account, where its registration stands, and the way to every own page. */
export default function MePage() {
  const { me, logout } = usePortal();
  const navigate = useNavigate();
  if (me === undefined) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (!me)
    return (
      <>
        <PageTitle>我的</PageTitle>
        <Card>
          <div style={{ marginBottom: 16, color: '#666' }}>登录后可登记个人信息、在线求助、查看答复。</div>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button type="primary" block onClick={() => navigate('/portal/login')}>登录</Button>
            <Button block onClick={() => navigate('/portal/register')}>注册</Button>
          </Space>
        </Card>
      </>
    );
  const items = [
    { to: '/portal/profile', icon: <FormOutlined />, title: '我的登记信息', extra: <Tag color={STATUS_COLORS[me.profileStatus]}>{PROFILE_STATUSES[me.profileStatus]}</Tag> },
    { to: '/portal/requests', icon: <CustomerServiceOutlined />, title: '我的求助' },
    { to: '/portal/rights', icon: <SolutionOutlined />, title: '我的权利（下载、更正、删除）' },
    { to: '/portal/consent', icon: <SafetyOutlined />, title: '个人信息保护与同意', extra: me.consent.upToDate ? null : <Tag color="red">待同意</Tag> },
  ];
  return (
    <>
      <PageTitle>我的</PageTitle>
      <Card>
        <div style={{ fontSize: 20, fontWeight: 600 }}>{me.displayName ?? '您好'}</div>
        <div style={{ color: '#888' }}>{me.phoneMasked ?? me.emailMasked}</div>
      </Card>
      <Card styles={{ body: { padding: '0 16px' } }}>
        <List
          dataSource={items}
          renderItem={(i) => (
            <List.Item style={{ paddingInline: 0, minHeight: 56 }}>
              <Link to={i.to} style={{ display: 'flex', alignItems: 'center', gap: 12, width: '100%', color: 'inherit', fontSize: 16 }}>
                {i.icon}
                <span style={{ flex: 1 }}>{i.title}</span>
                {i.extra}
                <RightOutlined style={{ color: '#bbb' }} />
              </Link>
            </List.Item>
          )}
        />
      </Card>
      <Button block icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/portal'))}>
        退出登录
      </Button>
    </>
  );
}
