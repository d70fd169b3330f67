import { Alert, Button, Card, Form, Input, Radio, Select } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { HELP_CATEGORIES, HELP_CONTACT_PREFS } from '../../../../contracts/portal.ts';
import { ApiError } from '../../api/client.ts';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { PageTitle } from '../PortalLayout.tsx';
import { portal } from '../api.ts';
import { usePortal } from '../session.tsx';

type Values = { category: keyof typeof HELP_CATEGORIES; subject?: string; content: string; contactPref: keyof typeof HELP_CONTACT_PREFS };

/** 我要求助: the request goes to the return hotline as a case; the answer shows in "my requests". */
export default function HelpPage() {
  const { me } = usePortal();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const initial = params.get('category');
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const r = await portal.askForHelp(v);
      toast().success(`已提交，编号 ${r.number}`);
      navigate('/portal/requests');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') navigate('/portal/consent');
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageTitle extra={me ? <Link to="/portal/requests">我的求助</Link> : undefined}>我要求助</PageTitle>
      {!me ? (
        <Card>
          <Alert type="info" showIcon title="登录后在线提交，答复可随时查看" description="没有账号？注册只需一分钟。" style={{ marginBottom: 16 }} />
          <Button type="primary" block onClick={() => navigate('/portal/login', { state: { from: '/portal/help' } })}>
            登录
          </Button>
          <Button block style={{ marginTop: 8 }} onClick={() => navigate('/portal/register')}>
            注册
          </Button>
        </Card>
      ) : (
        <Card>
          <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} initialValues={{ category: initial && initial in HELP_CATEGORIES ? initial : undefined, contactPref: 'phone' }}>
            <Form.Item name="category" label="求助类型" rules={[{ required: true, message: '请选择求助类型' }]}>
              <Radio.Group className="portal-choice" optionType="button" options={Object.entries(HELP_CATEGORIES).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="subject" label="标题（选填）">
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="content" label="具体内容" rules={[{ required: true, message: '请描述您需要的帮助' }, { min: 5, message: '请描述您需要的帮助（至少 5 个字）' }]}>
              <Input.TextArea rows={6} maxLength={4000} showCount placeholder="请说明您的情况和需要的帮助，我们会尽快联系您" />
            </Form.Item>
            <Form.Item name="contactPref" label="希望的联系方式">
              <Select options={Object.entries(HELP_CONTACT_PREFS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              提交
            </Button>
          </Form>
        </Card>
      )}
    </>
  );
}
