import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { toast } from '../../../api/feedback.ts';

/** Copies text, also where navigator.clipboard is missing (plain http). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

/**
 * The ten recovery codes, shown once right after enabling: copy, download, and a confirmation
 * that they were saved before going on.
 */
export function RecoveryCodes({ codes, username, onConfirm, confirmText = '我已保存，继续' }: { codes: string[]; username: string; onConfirm: () => void; confirmText?: string }) {
  const [saved, setSaved] = useState(false);
  const text = [`凤归 · 两步验证恢复码（账号 ${username}）`, `生成时间：${new Date().toLocaleString('zh-CN')}`, '每个恢复码只能使用一次。', '', ...codes, ''].join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `凤归恢复码-${username}.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div data-testid="recovery-codes">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="请立即保存以下恢复码"
        description="手机丢失或无法使用验证器时，可用恢复码代替验证码登录，每个只能使用一次。恢复码只显示这一次，请下载或抄写后妥善保管，不要与密码放在一起。"
      />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '8px 16px', padding: 16, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, marginBottom: 12 }}>
        {codes.map((c) => (
          <Typography.Text key={c} code style={{ fontSize: 16, textAlign: 'center', fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>
            {c}
          </Typography.Text>
        ))}
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<CopyOutlined />} onClick={async () => ((await copyText(text)) ? toast().success('已复制恢复码') : toast().error('复制失败，请手动抄写或下载'))}>
          复制
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          下载 .txt
        </Button>
      </Space>
      <div style={{ marginBottom: 16 }}>
        <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)}>
          我已妥善保存恢复码
        </Checkbox>
      </div>
      <Button type="primary" block disabled={!saved} onClick={onConfirm}>
        {confirmText}
      </Button>
    </div>
  );
}
