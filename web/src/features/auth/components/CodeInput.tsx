import { Input, type InputProps } from 'antd';

/**
 * The 6-digit code of an authenticator app: one numeric field (so paste, password managers and the
 * phone's "one-time code" suggestion all work), digits only, spaced out.
 */
export function CodeInput(props: InputProps) {
  return (
    <Input
      autoComplete="one-time-code"
      inputMode="numeric"
      maxLength={7}
      placeholder="6 位数字"
      {...props}
      onChange={(e) => {
        e.target.value = e.target.value.replace(/[^\d]/g, '').slice(0, 6);
        props.onChange?.(e);
      }}
      style={{ textAlign: 'center', fontSize: 22, letterSpacing: props.value ? '0.35em' : undefined, fontVariantNumeric: 'tabular-nums', ...props.style }}
    />
  );
}

/** The rules of a code field (the server says the same in Chinese). */
export const CODE_RULES = [
  { required: true, message: '请输入 6 位验证码' },
  { pattern: /^\d{6}$/, message: '验证码为 6 位数字' },
];
