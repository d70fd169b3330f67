import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Form, Input, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { CurrentUser } from '../../../../../contracts/auth.ts';
import { showError } from '../../../api/errors.ts';
import { useSession } from '../../../app/session.tsx';
import { PRIMARY_COLOR } from '../../../app/theme.ts';
import { CODE_RULES, CodeInput } from './CodeInput.tsx';

interface Values {
  code?: string;
  recoveryCode?: string;
}

/**
 * The login's second step: the code of the authenticator app (sent as soon as six digits are
 * there), or one of the recovery codes. "返回" ends the half-open login.
 */
export function TotpLoginStep({ onDone }: { onDone: (u: CurrentUser) => void }) {
  const { user, verifyTotp, logout } = useSession();
  const [form] = Form.useForm<Values>();
  const [recovery, setRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);

  const submit = async (v: Values) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      onDone(await verifyTotp(recovery ? { recoveryCode: v.recoveryCode ?? '' } : { code: v.code ?? '' }));
    } catch (e) {
      form.setFieldsValue({ code: '', recoveryCode: '' });
      showError(e, form);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <div data-testid="totp-step">
      <div style={{ textAlign: 'center', marginBottom: 20 }}>
        <SafetyCertificateOutlined style={{ fontSize: 30, color: PRIMARY_COLOR }} />
        <Typography.Title level={4} style={{ margin: '8px 0 4px' }}>
          两步验证
        </Typography.Title>
        <Typography.Text type="secondary">
          {recovery ? '请输入您保存的恢复码之一，每个恢复码只能使用一次。' : <>请输入手机验证器 App 中“凤归 ({user?.username})”当前显示的 6 位验证码。</>}
        </Typography.Text>
      </div>
      <Form form={form} size="large" onFinish={submit} requiredMark={false} autoComplete="off">
        {recovery ? (
          <Form.Item name="recoveryCode" rules={[{ required: true, whitespace: true, message: '请输入恢复码' }]}>
            <Input autoFocus placeholder="恢复码，如 7KQ2M-XH4PA" autoComplete="off" spellCheck={false} style={{ textAlign: 'center', fontFamily: 'monospace' }} />
          </Form.Item>
        ) : (
          <Form.Item name="code" rules={CODE_RULES}>
            <CodeInput
              autoFocus
              aria-label="6 位验证码"
              onChange={(e) => {
                if (e.target.value.length === 6) void submit({ code: e.target.value });
              }}
            />
          </Form.Item>
        )}
        <Form.Item style={{ marginBottom: 8 }}>
          <Button type="primary" htmlType="submit" block loading={busy}>
            验证
          </Button>
        </Form.Item>
      </Form>
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Button
          type="link"
          style={{ paddingInline: 0 }}
          onClick={() => {
            setRecovery(!recovery);
            form.resetFields();
          }}
        >
          {recovery ? '使用验证码' : '手机不在身边？使用恢复码'}
        </Button>
        <Button type="link" style={{ paddingInline: 0 }} onClick={() => void logout()}>
          返回重新登录
        </Button>
      </div>
    </div>
  );
}
