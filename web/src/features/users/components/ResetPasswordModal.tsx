import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { NewPasswordSchema, type User } from '../../../../../contracts/users.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { zodRule } from '../../../api/zodRule.ts';
import { usersApi } from '../api.ts';

interface Values {
  password: string;
  confirm: string;
}

/** Sets a new password for a user; their sessions end on the server. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  const submit = async (v: Values) => {
    if (!user) return;
    setSaving(true);
    try {
      await usersApi.resetPassword(user.id, v.password);
      toast().success(`已重置 ${user.username} 的密码`);
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={!!user}
      title={`重置密码：${user?.username ?? ''}`}
      okText="重置密码"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="重置后该用户的所有登录会话将立即失效，请通过安全渠道告知新密码。" />
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
        <Form.Item
          name="password"
          label="新密码"
          extra="至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类"
          rules={[{ required: true, message: '请输入新密码' }, zodRule(NewPasswordSchema)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_r, v) => {
                if (v && v !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
