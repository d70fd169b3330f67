import { Alert, Button, Descriptions, Form, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TotpStatus } from '../../../../../contracts/totp.ts';
import { authApi } from '../../../api/auth.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { useCurrentUser, useSession } from '../../../app/session.tsx';
import { CODE_RULES, CodeInput } from './CodeInput.tsx';
import { TotpEnrol } from './TotpEnrol.tsx';

/** 两步验证 in the user menu: see the state, enrol an authenticator app, or turn it off. */
export function TwoFactorModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const user = useCurrentUser();
  const { setCurrentUser } = useSession();
  const [status, setStatus] = useState<TotpStatus | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ password: string; code: string }>();

  useEffect(() => {
    if (!open) return;
    setStatus(null);
    setEnrolling(false);
    authApi.totpStatus().then(setStatus, (e: unknown) => {
      showError(e);
      onClose();
    });
  }, [open, onClose]);

  const disable = async (v: { password: string; code: string }) => {
    setBusy(true);
    try {
      setCurrentUser(await authApi.totpDisable(v.password, v.code));
      toast().success('已停用两步验证');
      onClose();
    } catch (e) {
      form.setFieldValue('code', '');
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  let body;
  if (!status) body = <Skeleton active />;
  else if (enrolling) {
    body = (
      <TotpEnrol
        username={user.username}
        onCancel={() => setEnrolling(false)}
        onDone={(u) => {
          setCurrentUser(u);
          toast().success('已启用两步验证');
          onClose();
        }}
      />
    );
  } else if (!status.enabled) {
    body = (
      <>
        <Typography.Paragraph>
          启用后，登录时除密码外还需输入手机验证器 App 上每 30 秒变化一次的 6 位验证码，即使密码泄露，他人也无法登录您的账号。
        </Typography.Paragraph>
        {status.required && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="按照安全策略，您的角色必须启用两步验证。" />}
        {user.isDemo ? (
          <Alert type="info" showIcon title="演示账号供大家共用，不能启用两步验证。" />
        ) : (
          <Button type="primary" onClick={() => setEnrolling(true)}>
            启用两步验证
          </Button>
        )}
      </>
    );
  } else {
    body = (
      <>
        <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label="状态">已启用</Descriptions.Item>
          <Descriptions.Item label="启用时间">{status.enabledAt ? new Date(status.enabledAt).toLocaleString('zh-CN') : '—'}</Descriptions.Item>
          <Descriptions.Item label="剩余恢复码">{status.recoveryCodesLeft} 个</Descriptions.Item>
        </Descriptions>
        {status.recoveryCodesLeft <= 3 && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="恢复码所剩不多。如需新的恢复码，可停用后重新启用，或请系统管理员重置两步验证。" />
        )}
        {status.required ? (
          <Alert type="info" showIcon title="按照安全策略，您的角色必须使用两步验证，不能停用。更换手机时请联系系统管理员重置。" />
        ) : (
          <Form form={form} layout="vertical" onFinish={disable} requiredMark={false} autoComplete="off">
            <Typography.Paragraph type="secondary">停用两步验证需验证当前密码和验证码。</Typography.Paragraph>
            <Form.Item name="password" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item name="code" label="验证码" rules={CODE_RULES}>
              <CodeInput />
            </Form.Item>
            <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
              <Button danger htmlType="submit" loading={busy}>
                停用两步验证
              </Button>
            </Space>
          </Form>
        )}
      </>
    );
  }
  return (
    <Modal title="两步验证" open={open} onCancel={onClose} footer={null} width={480} destroyOnHidden maskClosable={!enrolling} closable={!enrolling} keyboard={!enrolling}>
      {body}
    </Modal>
  );
}
