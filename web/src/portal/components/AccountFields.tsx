import { Form, Input, Segmented, Space } from 'antd';
import type { FormInstance } from 'antd';
import { PortalEmailSchema, PortalPhoneSchema } from '../../../../contracts/portal.ts';
import { NewPasswordSchema } from '../../../../contracts/users.ts';
import { zodRule } from '../../api/zodRule.ts';
import { CodeButton } from './CodeButton.tsx';

export type Via = 'phone' | 'email';

/** Phone or email, the code sent there, and (optionally) a new password with its confirmation. */
export function AccountFields({ form, via, setVia, purpose, password }: { form: FormInstance; via: Via; setVia(v: Via): void; purpose: 'register' | 'reset'; password: string }) {
  const target = async () => {
    try {
      const v = await form.validateFields([via]);
      return via === 'phone' ? { phone: String(v.phone) } : { email: String(v.email) };
    } catch {
      return null;
    }
  };
  return (
    <>
      <Form.Item>
        <Segmented block value={via} onChange={(v) => setVia(v as Via)} options={[{ value: 'phone', label: '手机号' }, { value: 'email', label: '电子邮箱' }]} />
      </Form.Item>
      {via === 'phone' ? (
        <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请输入手机号码' }, zodRule(PortalPhoneSchema)]}>
          <Input inputMode="numeric" autoComplete="tel" placeholder="11 位手机号码" maxLength={20} />
        </Form.Item>
      ) : (
        <Form.Item name="email" label="电子邮箱" rules={[{ required: true, message: '请输入电子邮箱' }, zodRule(PortalEmailSchema)]}>
          <Input inputMode="email" autoComplete="email" placeholder="name@example.com" />
        </Form.Item>
      )}
      <Form.Item label="验证码" required htmlFor="code">
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="code" noStyle rules={[{ required: true, message: '请输入验证码' }, { pattern: /^\d{6}$/, message: '验证码为 6 位数字' }]}>
            <Input inputMode="numeric" autoComplete="one-time-code" placeholder="6 位数字" maxLength={6} />
          </Form.Item>
          <CodeButton purpose={purpose} target={target} />
        </Space.Compact>
      </Form.Item>
      <Form.Item name="password" label={password} rules={[{ required: true, message: '请设置密码' }, zodRule(NewPasswordSchema)]} extra="至少 10 位，含大写字母、小写字母、数字、符号中的至少三类">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="再次输入密码"
        dependencies={['password']}
        rules={[{ required: true, message: '请再次输入密码' }, ({ getFieldValue }) => ({ validator: async (_r, v) => { if (v && v !== getFieldValue('password')) throw new Error('两次输入的密码不一致'); } })]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
