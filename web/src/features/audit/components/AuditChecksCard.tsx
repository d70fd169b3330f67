import { CheckCircleFilled, CloseCircleFilled, SafetyOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import type { AuditCheck, AuditChecksView } from '../../../../../contracts/audit.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { auditApi } from '../api.ts';

const fmt = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');
const TRIGGER: Record<AuditCheck['trigger'], string> = { daily: '每日自动', manual: '手动' };

const columns: TableColumnsType<AuditCheck> = [
  { title: '校验时间', dataIndex: 'startedAt', width: 170, render: fmt },
  { title: '方式', dataIndex: 'trigger', width: 110, render: (v: AuditCheck['trigger'], c) => (c.requestedBy ? `${TRIGGER[v]}（${c.requestedBy}）` : TRIGGER[v]) },
  { title: '结果', dataIndex: 'ok', width: 80, render: (ok: boolean) => (ok ? <Tag color="success">完整</Tag> : <Tag color="error">异常</Tag>) },
  { title: '已校验记录', dataIndex: 'checked', width: 110, align: 'right', render: (n: number) => n.toLocaleString('zh-CN') },
  { title: '首条异常记录', key: 'broken', render: (_: unknown, c) => (c.brokenId ? `#${c.brokenId}：${c.brokenReason}` : '—') },
];

/**
 * 完整性校验: the latest results of the audit chain check (daily job, or "立即校验"), newest first.
 * While a check is queued or running the card polls until it is done.
 */
export function AuditChecksCard() {
  const [view, setView] = useState<AuditChecksView | null>(null);
  const [asking, setAsking] = useState(false);
  const load = useCallback(() => auditApi.checks().then(setView, showError), []);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!view?.pending) return;
    const timer = setTimeout(() => void load(), 2000);
    return () => clearTimeout(timer);
  }, [view, load]);

  const checkNow = async () => {
    setAsking(true);
    try {
      await auditApi.checkNow();
      toast().info('已开始校验，完成后在此显示结果');
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setAsking(false);
    }
  };

  const latest = view?.items[0];
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={<Space><SafetyOutlined />完整性校验</Space>}
      extra={
        <Button size="small" icon={<SyncOutlined spin={!!view?.pending} />} loading={asking} disabled={!view || view.pending} onClick={() => void checkNow()}>
          {view?.pending ? '校验中…' : '立即校验'}
        </Button>
      }
    >
      {!view ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : !latest ? (
        <Alert type="info" showIcon title={view.pending ? '首次校验正在进行…' : '尚无校验记录。服务运行时每天自动校验一次，也可以点击“立即校验”。'} />
      ) : latest.ok ? (
        <Alert
          type="success"
          icon={<CheckCircleFilled />}
          showIcon
          title={`审计日志完整：${fmt(latest.finishedAt)}（${TRIGGER[latest.trigger]}）校验了 ${latest.checked.toLocaleString('zh-CN')} 条记录，哈希链未发现改动。`}
          description={view.nextDailyAt ? `下次每日自动校验：${fmt(view.nextDailyAt)} 之后` : undefined}
        />
      ) : (
        <Alert
          type="error"
          icon={<CloseCircleFilled />}
          showIcon
          title={`审计日志异常：${fmt(latest.finishedAt)}（${TRIGGER[latest.trigger]}）发现第 #${latest.brokenId} 条记录${latest.brokenReason ?? ''}`}
          description={`此前 ${latest.checked.toLocaleString('zh-CN')} 条记录完整。请立即报告安全管理员和单位负责人，并以异地保存的审计日志导出副本核对。`}
        />
      )}
      {view && view.items.length > 0 && (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 8 }}
          items={[
            {
              key: 'history',
              label: <Typography.Text type="secondary">最近 {view.items.length} 次校验</Typography.Text>,
              children: <Table<AuditCheck> rowKey="id" size="small" columns={columns} dataSource={view.items} pagination={false} scroll={{ x: 700 }} />,
            },
          ]}
        />
      )}
    </Card>
  );
}
