import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { CurrentUser } from '../../../../../contracts/auth.ts';
import { showError } from '../../../api/errors.ts';
import { allPages, canOpen, firstPagePath } from '../../../app/access.ts';
import { FullPageSpin } from '../../../app/RequireAuth.tsx';
import { useSession } from '../../../app/session.tsx';
import { BRAND_COLOR } from '../../../app/theme.ts';
import { TotpLoginStep } from '../components/TotpLoginStep.tsx';

interface Values {
  username: string;
  password: string;
}

/** Where to go after login: back where the user was (if they may), first-run setup, or their first page. */
function landingPath(user: CurrentUser, initialised: boolean, from: string | undefined): string {
  const roles = user.roles.map((r) => r.role);
  if (!initialised && (roles.includes('sysadmin') || roles.includes('city_admin'))) return '/admin/org';
  const fromPath = from?.split('?')[0];
  const fromPage = fromPath && allPages().find((p) => p.path === fromPath);
  if (from && fromPage && canOpen(fromPage, roles)) return from;
  return firstPagePath(roles) ?? '/';
}

export default function LoginPage() {
  const { user, info, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  if (user === undefined) return <FullPageSpin />;
  if (user && !user.mfaRequired) return <Navigate to={landingPath(user, info?.initialised ?? true, from)} replace />;
  const done = (u: CurrentUser) => navigate(landingPath(u, info?.initialised ?? true, from), { replace: true });

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const u = await login(v.username, v.password);
      // With a second factor the page stays and asks for the code (user.mfaRequired).
      if (!u.mfaRequired) done(u);
    } catch (e) {
      form.setFieldValue('password', '');
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(160deg, #1f5fbf 0%, #0f3a80 50%, #071d45 100%)', display: 'flex', flexDirection: 'column' }}>
      {info?.demo && (
        <Alert banner type="warning" data-testid="demo-banner" title="演示数据：当前为演示环境，账号和数据均为虚构，请勿录入真实个人信息。" />
      )}
      <div style={{ flex: 1, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 20, padding: 16 }}>
        <Card style={{ width: '100%', maxWidth: 400, boxShadow: '0 12px 40px rgba(0,0,0,.25)' }} styles={{ body: { padding: '32px 28px 16px' } }}>
          <div style={{ textAlign: 'center', marginBottom: 28 }}>
            <div style={{ width: 52, height: 52, margin: '0 auto 12px', borderRadius: 12, background: BRAND_COLOR, color: '#fff', fontSize: 28, fontWeight: 700, display: 'grid', placeItems: 'center' }}>凤</div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              凤归 · 人才回引工作平台
            </Typography.Title>
            <Typography.Text type="secondary" data-testid="city-name">
              {info?.cityName ? `${info.cityName}委人才办` : '欢迎使用'}
            </Typography.Text>
          </div>
          {user?.mfaRequired ? (
            <TotpLoginStep onDone={done} />
          ) : (
            <Form form={form} size="large" onFinish={submit} autoComplete="on" requiredMark={false}>
              <Form.Item name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
                <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
                <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
              </Form.Item>
              <Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>
                  登录
                </Button>
              </Form.Item>
            </Form>
          )}
          {info?.demo && !user && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>
              演示账号如 demo_city、demo_auditor、demo_sysadmin，密码见项目说明（README）。
            </Typography.Paragraph>
          )}
        </Card>
        <Typography.Text style={{ color: 'rgba(255,255,255,.55)', fontSize: 12 }}>
          {info ? `版本 ${info.version}` : ''}
        </Typography.Text>
      </div>
    </div>
  );
}
