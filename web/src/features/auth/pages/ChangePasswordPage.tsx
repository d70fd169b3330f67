import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { NewPasswordSchema } from '../../../../../contracts/users.ts';
import { authApi } from '../../../api/auth.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { zodRule } from '../../../api/zodRule.ts';
import { useSession } from '../../../app/session.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Change my password. `forced`: shown instead of every page while the password has expired or
 * was set by an administrator (the server allows nothing else until then).
 */
export default function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const { setCurrentUser, logout } = useSession();
  const navigate = useNavigate();

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const u = await authApi.changePassword(v.currentPassword, v.newPassword);
      toast().success('密码已修改，其他设备上的登录已退出');
      form.resetFields();
      setCurrentUser(u);
      if (!forced) navigate('/', { replace: true });
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  const card = (
    <Card style={{ maxWidth: 440, width: '100%' }} title={<Space><LockOutlined />修改密码</Space>}>
      {forced && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="您的密码已过期或为管理员设置的临时密码，请先设置新密码再继续使用。" />}
      <Form form={form} layout="vertical" onFinish={submit} autoComplete="off" requiredMark={false}>
        <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类；不能是常见密码、不能包含用户名、不能与最近 5 次相同"
          rules={[{ required: true, message: '请输入新密码' }, zodRule(NewPasswordSchema)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            保存新密码
          </Button>
          {forced ? (
            <Button onClick={() => void logout()}>退出登录</Button>
          ) : (
            <Button onClick={() => navigate(-1)}>取消</Button>
          )}
        </Space>
      </Form>
    </Card>
  );
  if (!forced) return card;
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16, background: '#f5f6f8' }}>
      <div style={{ width: '100%', maxWidth: 440 }}>
        <Typography.Title level={4} style={{ textAlign: 'center' }}>凤归 · 人才回引工作平台</Typography.Title>
        {card}
      </div>
    </div>
  );
}
