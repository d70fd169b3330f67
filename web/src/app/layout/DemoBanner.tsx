import { Alert } from 'antd';
import { useSession } from '../session.tsx';

/** Shown on every page while demo accounts are active, so nobody mistakes the data for real. */
export function DemoBanner() {
  const { info } = useSession();
  if (!info?.demo) return null;
  return (
    <Alert
      banner
      type="warning"
      title="演示数据：当前系统含演示账号和虚构数据，仅供体验，请勿录入真实个人信息。"
      data-testid="demo-banner"
    />
  );
}
