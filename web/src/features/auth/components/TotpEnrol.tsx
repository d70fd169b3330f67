import { Alert, Button, Form, Skeleton, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { CurrentUser } from '../../../../../contracts/auth.ts';
import type { TotpEnableResult, TotpSetup } from '../../../../../contracts/totp.ts';
import { authApi } from '../../../api/auth.ts';
import { showError } from '../../../api/errors.ts';
import { CODE_RULES, CodeInput } from './CodeInput.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';

/** `ABCD EFGH …`: easier to type into an app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Enrolling an authenticator app: a new secret as QR code and as text, a code to confirm it, then
 * the recovery codes (shown once). `onDone` gets the updated user only after the codes were saved.
 */
export function TotpEnrol({ username, onDone, onCancel }: { username: string; onDone: (u: CurrentUser) => void; onCancel?: () => void }) {
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [failed, setFailed] = useState(false);
  const [result, setResult] = useState<TotpEnableResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  // One secret per visit (a second request would replace the pending secret behind the QR code).
  const request = useRef<Promise<TotpSetup> | null>(null);
  useEffect(() => {
    let live = true;
    request.current ??= authApi.totpSetup();
    request.current.then(
      (s) => live && setSetup(s),
      (e: unknown) => {
        if (!live) return;
        setFailed(true);
        showError(e);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const enable = async ({ code }: { code: string }) => {
    setBusy(true);
    try {
      setResult(await authApi.totpEnable(code));
    } catch (e) {
      form.setFieldValue('code', '');
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  if (result) return <RecoveryCodes codes={result.recoveryCodes} username={username} onConfirm={() => onDone(result.user)} />;
  if (failed) return <Alert type="error" showIcon title="无法生成两步验证密钥，请稍后重试" />;
  if (!setup) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <div data-testid="totp-enrol">
      <ol style={{ paddingInlineStart: 20, marginTop: 0 }}>
        <li>在手机上安装验证器 App，如 Microsoft Authenticator、Google Authenticator、腾讯身份验证器或 FreeOTP。</li>
        <li>在 App 中添加账号，扫描下方二维码。</li>
        <li>输入 App 显示的 6 位验证码，完成启用。</li>
      </ol>
      <div style={{ textAlign: 'center' }}>
        <img src={setup.qrDataUrl} alt="两步验证二维码" width={200} height={200} style={{ border: '1px solid #f0f0f0', borderRadius: 6 }} />
      </div>
      <div style={{ textAlign: 'center', margin: '8px 0 16px' }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          无法扫码？在 App 中选择“手动输入密钥”，类型为“基于时间”：
        </Typography.Text>
        <br />
        <div style={{ display: 'inline-flex', alignItems: 'center', gap: 8, marginTop: 6 }}>
          <span data-testid="totp-secret" style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 15, lineHeight: 1.6, padding: '4px 12px', background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, textAlign: 'left' }}>
            {grouped(setup.secret.slice(0, 16))}
            <br />
            {grouped(setup.secret.slice(16))}
          </span>
          <Typography.Text copyable={{ text: setup.secret, tooltips: ['复制密钥', '已复制'] }} />
        </div>
      </div>
      <Form form={form} layout="vertical" onFinish={enable} requiredMark={false} autoComplete="off">
        <Form.Item name="code" label="App 显示的 6 位验证码" rules={CODE_RULES}>
          <CodeInput size="large" autoFocus />
        </Form.Item>
        {onCancel ? (
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={onCancel}>取消</Button>
            <Button type="primary" htmlType="submit" loading={busy}>
              验证并启用
            </Button>
          </Space>
        ) : (
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            验证并启用
          </Button>
        )}
      </Form>
    </div>
  );
}
