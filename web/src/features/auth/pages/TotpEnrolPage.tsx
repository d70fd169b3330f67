import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useSession } from '../../../app/session.tsx';
import { TotpEnrol } from '../components/TotpEnrol.tsx';

/**
 * Shown instead of every page while the security policy requires a second factor the user has not
 * set up (the server allows nothing else until then).
 */
export default function TotpEnrolPage() {
  const { user, setCurrentUser, logout } = useSession();
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: '#f5f6f8' }}>
      <div style={{ width: '100%', maxWidth: 480 }}>
        <Typography.Title level={4} style={{ textAlign: 'center' }}>
          凤归 · 人才回引工作平台
        </Typography.Title>
        <Card
          title={<Space><SafetyCertificateOutlined />设置两步验证</Space>}
          extra={<Button type="link" style={{ paddingInline: 0 }} onClick={() => void logout()}>退出登录</Button>}
        >
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="按照本单位安全策略，您的账号须启用两步验证后才能继续使用。之后每次登录除密码外，还需输入手机验证器上的验证码。" />
          <TotpEnrol username={user?.username ?? ''} onDone={setCurrentUser} />
        </Card>
      </div>
    </div>
  );
}
