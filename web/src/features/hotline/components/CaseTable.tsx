import { Table, Tag, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import { Link } from 'react-router-dom';
import { HOTLINE_CATEGORIES } from '../../../../../contracts/hotline.ts';
import type { HotlineCase } from '../api.ts';
import { SlaTag, SourceTag, StatusTag, bjTime, urgency } from '../labels.tsx';

const ROW_BG = { overdue: '#fff1f0', near: '#fff7e6' } as const;

/** The queue's table: SLA tags per clock, rows past or near a target tinted red / orange. */
export function CaseTable({ rows, loading, pagination, compact }: { rows: HotlineCase[]; loading?: boolean; pagination?: TablePaginationConfig | false; compact?: boolean }) {
  const columns: TableColumnsType<HotlineCase> = [
    {
      title: '编号',
      dataIndex: 'number',
      width: 150,
      render: (n: string, c) => (
        <Link to={`/hotline/cases/${c.id}`} data-testid="case-link">
          {n}
        </Link>
      ),
    },
    {
      title: '标题',
      dataIndex: 'subject',
      width: 240,
      ellipsis: true,
      render: (s: string, c) => (
        <>
          <Typography.Text>{s}</Typography.Text>
          {c.escalatedAt && urgency(c) === 'overdue' && <Tag color="red" style={{ marginLeft: 6 }}>督办</Tag>}
        </>
      ),
    },
    { title: '类别', dataIndex: 'category', width: 90, render: (v: HotlineCase['category']) => HOTLINE_CATEGORIES[v] },
    { title: '来源', dataIndex: 'source', width: 96, responsive: ['lg'], render: (v: HotlineCase['source']) => <SourceTag source={v} /> },
    { title: '来电人', key: 'caller', width: 110, responsive: ['xxl'], render: (_, c) => c.talentName ?? c.callerName ?? c.callerPhoneMasked ?? '—' },
    { title: '承办', key: 'level', width: 150, responsive: ['md'], render: (_, c) => <>{c.levelName}{c.assigneeName ? ` · ${c.assigneeName}` : ''}</> },
    { title: '状态', dataIndex: 'status', width: 130, render: (_: string, c) => <StatusTag status={c.status} waiting={c.waitingCaller} /> },
    ...(compact
      ? []
      : ([
          { title: '首次响应', key: 'fr', width: 130, render: (_: unknown, c: HotlineCase) => <SlaTag sla={c.firstResponse} label="首次响应" /> },
          { title: '办结时限', key: 'res', width: 130, render: (_: unknown, c: HotlineCase) => <SlaTag sla={c.resolution} label="办结" /> },
        ] as TableColumnsType<HotlineCase>)),
    { title: '登记时间', dataIndex: 'createdAt', width: 130, render: (v: string) => bjTime(v) },
  ];
  return (
    <Table<HotlineCase>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 1240 }}
      onRow={(c) => {
        const u = urgency(c);
        return { style: u ? { background: ROW_BG[u] } : undefined, 'data-urgency': u ?? 'none' } as React.HTMLAttributes<HTMLElement>;
      }}
      locale={{ emptyText: '没有符合条件的诉求' }}
    />
  );
}
