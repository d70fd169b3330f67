import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { showError } from '../../api/errors.ts';
import { PageTitle } from '../PortalLayout.tsx';
import { portal } from '../api.ts';
import { usePortal } from '../session.tsx';

export default function LoginPage() {
  const [form] = Form.useForm<{ account: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const { setMe } = usePortal();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;

  const submit = async (v: { account: string; password: string }) => {
    setBusy(true);
    try {
      const me = await portal.login(v.account, v.password);
      setMe(me);
      // An updated notice must be accepted again before anything else.
      navigate(me.consent.upToDate ? (from ?? '/portal/me') : '/portal/consent', { replace: true });
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>登录</PageTitle>
      <Card>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
          <Form.Item name="account" label="手机号码或电子邮箱" rules={[{ required: true, message: '请输入手机号码或电子邮箱' }]}>
            <Input autoComplete="username" placeholder="注册时使用的手机号或邮箱" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 16 }}>
          <Link to="/portal/register">注册新账号</Link>
          <Link to="/portal/forgot">忘记密码</Link>
        </div>
      </Card>
    </>
  );
}
