import { Button, Card, Form } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { AccountFields, type Via } from '../components/AccountFields.tsx';
import { PageTitle } from '../PortalLayout.tsx';
import { portal } from '../api.ts';

export default function ForgotPasswordPage() {
  const [form] = Form.useForm<{ phone?: string; email?: string; code: string; password: string }>();
  const [via, setVia] = useState<Via>('phone');
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const submit = async (v: { phone?: string; email?: string; code: string; password: string }) => {
    setBusy(true);
    try {
      await portal.resetPassword({ ...(via === 'phone' ? { phone: v.phone! } : { email: v.email! }), code: v.code, password: v.password });
      toast().success('密码已重置，请用新密码登录');
      navigate('/portal/login', { replace: true });
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageTitle>找回密码</PageTitle>
      <Card>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
          <AccountFields form={form} via={via} setVia={setVia} purpose="reset" password="新密码" />
          <Button type="primary" htmlType="submit" block loading={busy}>
            重置密码
          </Button>
        </Form>
      </Card>
    </>
  );
}
