import { Alert, Button, Card, Checkbox, Form, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { AccountFields, type Via } from '../components/AccountFields.tsx';
import { NoticeText } from '../components/NoticeText.tsx';
import { PageTitle } from '../PortalLayout.tsx';
import { portal, type Notice } from '../api.ts';
import { usePortal } from '../session.tsx';

interface Values {
  phone?: string;
  email?: string;
  code: string;
  password: string;
}

/**
 * Registration in two steps: the account (phone or email, code, password), then the notice with
 * its explicit consent and the separate consent for sensitive information. Nothing is stored
 * until both are done: the account and the consent records are created together.
 */
export default function RegisterPage() {
  const [form] = Form.useForm<Values>();
  const [via, setVia] = useState<Via>('phone');
  const [step, setStep] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [personal, setPersonal] = useState(false);
  const [sensitive, setSensitive] = useState(false);
  const [busy, setBusy] = useState(false);
  const { setMe } = usePortal();
  const navigate = useNavigate();
  useEffect(() => {
    portal.notice().then(setNotice, showError);
  }, []);

  const next = async () => {
    try {
      await form.validateFields();
      setStep(1);
      window.scrollTo(0, 0);
    } catch {
      /* the form shows what is missing */
    }
  };

  const submit = async () => {
    const v = form.getFieldsValue(true) as Values;
    setBusy(true);
    try {
      const me = await portal.register({
        ...(via === 'phone' ? { phone: v.phone! } : { email: v.email! }),
        code: v.code,
        password: v.password,
        consent: { noticeVersion: notice!.version, personalInfo: true, sensitiveInfo: sensitive },
      });
      setMe(me);
      toast().success('注册成功，请填写您的登记信息');
      navigate('/portal/profile', { replace: true });
    } catch (e) {
      // A wrong code or a weak password belongs to the first step: go back and show it there.
      if (e instanceof ApiError && e.fields.some((f) => ['code', 'password', 'phone', 'email'].includes(f.field))) setStep(0);
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>注册</PageTitle>
      <Card>
        <Steps size="small" current={step} items={[{ title: '设置账号' }, { title: '阅读并同意' }]} style={{ marginBottom: 20 }} responsive={false} />
        <Form form={form} layout="vertical" requiredMark={false} onFinish={next}>
          {step === 0 && (
            <>
              <AccountFields form={form} via={via} setVia={setVia} purpose="register" password="设置密码" />
              <Button type="primary" htmlType="submit" block>
                下一步
              </Button>
              <div style={{ textAlign: 'center', marginTop: 16 }}>
                已有账号？<Link to="/portal/login">登录</Link>
              </div>
            </>
          )}
        </Form>
        {step === 1 && (
          <>
            <NoticeText notice={notice} />
            <div className="portal-check">
              <Checkbox checked={personal} onChange={(e) => setPersonal(e.target.checked)} data-testid="consent-personal">
                我已阅读并同意《个人信息处理告知书》
              </Checkbox>
            </div>
            {notice && (
              <Alert
                type="info"
                style={{ margin: '8px 0 4px' }}
                title={notice.sensitive.heading}
                description={
                  <>
                    <div style={{ fontSize: 14, lineHeight: 1.7 }}>{notice.sensitive.body}</div>
                    <div className="portal-check">
                      <Checkbox checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} data-testid="consent-sensitive">
                        我单独同意处理我的身份证件号码（可不同意）
                      </Checkbox>
                    </div>
                  </>
                }
              />
            )}
            <Button type="primary" block disabled={!personal || !notice} loading={busy} onClick={submit} style={{ marginTop: 12 }}>
              同意并注册
            </Button>
            <Button block type="text" onClick={() => setStep(0)} style={{ marginTop: 8 }}>
              上一步
            </Button>
          </>
        )}
      </Card>
    </>
  );
}
