import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { portal } from '../api.ts';

/**
 * 获取验证码 with its countdown. `target` is read when pressed (phone or email from the form);
 * the answer is the same whether or not the address has an account.
 */
export function CodeButton({ purpose, target }: { purpose: 'register' | 'reset'; target: () => Promise<{ phone: string } | { email: string } | null> }) {
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);
  const send = async () => {
    const to = await target();
    if (!to) return;
    setBusy(true);
    try {
      const r = await portal.sendCode({ ...to, purpose });
      toast().success(`验证码已发送至 ${r.sentTo}，${Math.round(r.expiresInSeconds / 60)} 分钟内有效`);
      setWait(r.resendAfterSeconds);
    } catch (e) {
      showError(e);
      const m = e instanceof ApiError ? /(\d+) 秒后/.exec(e.message) : null;
      if (m) setWait(Number(m[1]));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={send} loading={busy} disabled={wait > 0} style={{ minWidth: 120 }}>
      {wait > 0 ? `${wait} 秒后重发` : '获取验证码'}
    </Button>
  );
}
