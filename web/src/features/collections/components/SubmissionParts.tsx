import { Button, Card, Flex, List, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { SUBMISSION_STATUS_LABELS } from '../../../../../contracts/collections.ts';
import type { Submission } from '../api.ts';
import { SUBMISSION_COLORS } from '../deadline.ts';

export const OVERDUE_BG = '#fff1f0';
export const shortTime = (iso: string | null) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '—');
const small = { fontSize: 12 };

export function SubmissionStatus({ s }: { s: Submission }) {
  return (
    <Space size={4} wrap>
      <Tag color={SUBMISSION_COLORS[s.status]}>{SUBMISSION_STATUS_LABELS[s.status]}</Tag>
      {s.overdue && <Tag color="red">逾期</Tag>}
    </Space>
  );
}

export function SubmissionNotes({ s }: { s: Submission }) {
  return (
    <>
      {s.submittedAt && <div style={small}>报送于 {shortTime(s.submittedAt)}{s.note ? `：${s.note}` : ''}</div>}
      {s.reviewNote && <div style={small}>审核意见：{s.reviewNote}</div>}
    </>
  );
}

/** The county's records of this campaign in the registry (a link when there are any). */
export function RowsLink({ s, collectionId }: { s: Submission; collectionId: string }) {
  if (!s.rows) return <>0</>;
  return <Link to={`/talents?campaignId=${collectionId}&ownerCountyId=${s.countyId}`}>{s.rows.toLocaleString('zh-CN')}</Link>;
}

export function ReviewButtons({ s, busy, onAccept, onReturn }: { s: Submission; busy: boolean; onAccept(): void; onReturn(): void }) {
  return (
    <Space size={4}>
      <Popconfirm title={`通过 ${s.countyName} 的报送？`} okText="通过" cancelText="取消" onConfirm={onAccept}>
        <Button size="small" type="primary" disabled={busy}>通过</Button>
      </Popconfirm>
      <Button size="small" danger disabled={busy} onClick={onReturn}>退回</Button>
    </Space>
  );
}

/** Phones: one small card per county instead of the wide table. */
export function SubmissionCards({ rows, collectionId, actions }: { rows: Submission[]; collectionId: string; actions(s: Submission): ReactNode }) {
  return (
    <List<Submission>
      dataSource={rows}
      rowKey="countyId"
      split={false}
      renderItem={(s) => (
        <List.Item style={{ padding: '0 0 8px' }}>
          <Card size="small" style={{ width: '100%', background: s.overdue ? OVERDUE_BG : undefined }} className={s.overdue ? 'submission-overdue' : undefined}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{s.countyName}</Typography.Text>
              <SubmissionStatus s={s} />
            </Flex>
            <div style={{ margin: '4px 0', fontSize: 13 }}>
              数据 <RowsLink s={s} collectionId={collectionId} /> 行 · 导入 {s.imports} 次{s.errors ? ` · 错误 ${s.errors} 行` : ''} · 最近 {shortTime(s.lastActivityAt)}
            </div>
            <SubmissionNotes s={s} />
            <div style={{ marginTop: 6 }}>{actions(s)}</div>
          </Card>
        </List.Item>
      )}
    />
  );
}
