import { Card, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { AUDIT_ACTION_LABELS, type AuditEntry } from '../../../../../contracts/audit.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { auditApi, type AuditFilters } from '../api.ts';
import { AuditChecksCard } from '../components/AuditChecksCard.tsx';
import { AuditFilterBar } from '../components/AuditFilterBar.tsx';

const TARGET_LABELS: Record<string, string> = { user: '用户', org: '组织机构', talent: '人才记录', settings: '设置' };

function target(e: AuditEntry): string {
  if (!e.targetType) return '—';
  const label = TARGET_LABELS[e.targetType] ?? e.targetType;
  const name = typeof e.detail.username === 'string' ? e.detail.username : e.targetId?.slice(0, 8);
  return name ? `${label} · ${name}` : label;
}

const columns: TableColumnsType<AuditEntry> = [
  { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
  { title: '操作人', dataIndex: 'actorName', width: 140, render: (v: string | null) => v ?? <Typography.Text type="secondary">系统</Typography.Text> },
  { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => AUDIT_ACTION_LABELS[a] ?? a },
  {
    title: '结果',
    dataIndex: 'outcome',
    width: 80,
    render: (o: string) =>
      o === 'success' ? <Tag color="success">成功</Tag> : o === 'failure' ? <Tag color="error">失败</Tag> : o === 'denied' ? <Tag color="warning">拒绝</Tag> : <Tag>{o}</Tag>,
  },
  { title: '对象', key: 'target', render: (_: unknown, e) => target(e) },
  { title: 'IP', dataIndex: 'ip', width: 140, render: (ip: string | null) => ip ?? '—', responsive: ['md'] },
];

/** 审计日志 (auditor): the chain-check results, and the append-only log, read-only — filter, page, look at the detail. */
export default function AuditPage() {
  const list = usePagedList(auditApi.list, {} as AuditFilters);
  const filtered = Object.values(list.filters).some(Boolean);
  return (
    <>
      <AuditChecksCard />
      <Card>
        <AuditFilterBar onSearch={list.setFilters} />
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.rows}
          loading={list.loading}
          pagination={list.pagination}
          scroll={{ x: 800 }}
          expandable={{
            columnTitle: '详情',
            columnWidth: 56,
            rowExpandable: (e) => Object.keys(e.detail).length > 0,
            expandedRowRender: (e) => (
              <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(e.detail, null, 2)}</pre>
            ),
          }}
          locale={{ emptyText: <Empty description={filtered ? '没有符合条件的审计记录' : '暂无审计记录'} /> }}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          审计日志只可查阅，不可修改或删除；每条记录与上一条以哈希链接，任何改动均可被校验发现。查看审计日志本身也会被记录。
        </Typography.Text>
      </Card>
    </>
  );
}
