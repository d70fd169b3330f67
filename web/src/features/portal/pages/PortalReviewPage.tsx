import { Button, Card, Radio, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { Link } from 'react-router-dom';
import { REVIEW_STATUSES } from '../../../../../contracts/portal-admin.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { portalAdminApi, type ChangeItem, type RegistrationItem, type ReviewStatus } from '../api.ts';
import { fieldLabel, fieldValue } from '../components/labels.ts';
import { ReasonModal } from '../components/ReasonModal.tsx';
import { RegistrationDrawer } from '../components/RegistrationDrawer.tsx';

const STATUS_COLORS = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' } as const;
const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

function StatusFilter({ value, onChange }: { value: ReviewStatus; onChange(v: ReviewStatus): void }) {
  return (
    <Radio.Group value={value} onChange={(e) => onChange(e.target.value as ReviewStatus)} optionType="button" style={{ marginBottom: 12 }}>
      <Radio.Button value="pending">待审核</Radio.Button>
      <Radio.Button value="approved">已通过</Radio.Button>
      <Radio.Button value="rejected">已退回</Radio.Button>
      <Radio.Button value="all">全部</Radio.Button>
    </Radio.Group>
  );
}

function Registrations() {
  const list = usePagedList((s: ReviewStatus, page, pageSize) => portalAdminApi.registrations(s, page, pageSize), 'pending' as ReviewStatus);
  const [open, setOpen] = useState<string | null>(null);
  const close = useCallback(
    (changed: boolean) => {
      setOpen(null);
      if (changed) list.reload();
    },
    [list],
  );
  const columns: TableColumnsType<RegistrationItem> = [
    { title: '姓名', dataIndex: 'name', width: 100, render: (n: string | null, r) => <a onClick={() => setOpen(r.id)}>{n ?? '—'}</a> },
    { title: '账号', dataIndex: 'accountMasked', width: 120 },
    { title: '工作单位', dataIndex: 'employer', ellipsis: true, responsive: ['md'] },
    { title: '籍贯', dataIndex: 'nativeCountyName', width: 90, responsive: ['lg'] },
    {
      title: '匹配',
      key: 'match',
      width: 180,
      render: (_, r) => (r.kind === 'link' ? <Tag color="blue">匹配已有记录：{r.matchReasons.join('、')}</Tag> : r.candidateCount ? <Tag color="orange">{r.candidateCount} 条疑似记录</Tag> : <Tag>新登记</Tag>),
    },
    { title: '审核县（市、区）', dataIndex: 'countyName', width: 110, responsive: ['lg'] },
    { title: '提交时间', dataIndex: 'createdAt', width: 140, render: time, responsive: ['md'] },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: keyof typeof REVIEW_STATUSES) => <Tag color={STATUS_COLORS[s]}>{REVIEW_STATUSES[s]}</Tag> },
    { title: '操作', key: 'op', width: 80, render: (_, r) => <Button size="small" type={r.status === 'pending' ? 'primary' : 'default'} onClick={() => setOpen(r.id)}>{r.status === 'pending' ? '审核' : '查看'}</Button> },
  ];
  return (
    <>
      <StatusFilter value={list.filters} onChange={list.setFilters} />
      <Table<RegistrationItem> rowKey="id" size="middle" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 640 }} locale={{ emptyText: list.filters === 'pending' ? '没有待审核的登记' : '没有记录' }} data-testid="registrations" />
      {open && <RegistrationDrawer id={open} onClose={close} />}
    </>
  );
}

function Changes() {
  const list = usePagedList((s: ReviewStatus, page, pageSize) => portalAdminApi.changes(s, page, pageSize), 'pending' as ReviewStatus);
  const [rejecting, setRejecting] = useState<ChangeItem | null>(null);
  const approve = async (c: ChangeItem) => {
    try {
      await portalAdminApi.approveChange(c.id, c.version);
      toast().success(`已通过，${c.talentName ?? ''}的记录已更新`);
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  const columns: TableColumnsType<ChangeItem> = [
    { title: '人才', dataIndex: 'talentName', width: 100, render: (n: string | null, c) => <Link to={`/talents/${c.talentId}`}>{n ?? '—'}</Link> },
    {
      title: '申请修改',
      key: 'changes',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          {c.changes.map((x) => (
            <span key={x.field}>
              {fieldLabel(x.field)}：<Typography.Text delete type="secondary">{fieldValue(x.field, x.before)}</Typography.Text> → <strong>{fieldValue(x.field, x.after)}</strong>
            </span>
          ))}
          {c.reason && <Typography.Text type="danger">退回原因：{c.reason}</Typography.Text>}
        </Space>
      ),
    },
    { title: '提交时间', dataIndex: 'createdAt', width: 140, render: time, responsive: ['md'] },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: keyof typeof REVIEW_STATUSES) => <Tag color={STATUS_COLORS[s]}>{REVIEW_STATUSES[s]}</Tag> },
    {
      title: '操作',
      key: 'op',
      width: 140,
      render: (_, c) =>
        c.status === 'pending' ? (
          <Space size={4}>
            <Button size="small" type="primary" onClick={() => void approve(c)}>通过</Button>
            <Button size="small" danger onClick={() => setRejecting(c)}>退回</Button>
          </Space>
        ) : (
          <span style={{ color: '#888', fontSize: 12 }}>{c.reviewedByName} {time(c.reviewedAt)}</span>
        ),
    },
  ];
  return (
    <>
      <StatusFilter value={list.filters} onChange={list.setFilters} />
      <Table<ChangeItem> rowKey="id" size="middle" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 640 }} locale={{ emptyText: list.filters === 'pending' ? '没有待审核的变更' : '没有记录' }} />
      {rejecting && (
        <ReasonModal
          title={`退回 ${rejecting.talentName ?? ''} 的变更申请`}
          hint="如：须与身份证件一致、请提供学历证明等"
          onClose={() => setRejecting(null)}
          onSubmit={async (reason) => {
            await portalAdminApi.rejectChange(rejecting.id, rejecting.version, reason);
            toast().success('已退回');
            list.reload();
          }}
        />
      )}
    </>
  );
}

/** 本人登记审核: registrations from the portal and changes of linked talents, per county (scope on the server). */
export default function PortalReviewPage() {
  return (
    <Card>
      <Typography.Paragraph type="secondary">
        在外人才通过“一家人云服务平台”提交的登记和修改。登记与人才库按重复规则比对：匹配到已有记录的，确认后关联；否则确认后新建“本人登记”记录。姓名、证件、学历等修改须审核，联系方式等修改已直接生效。退回原因本人可见。
      </Typography.Paragraph>
      <Tabs destroyOnHidden items={[{ key: 'registrations', label: '本人登记', children: <Registrations /> }, { key: 'changes', label: '信息变更', children: <Changes /> }]} />
    </Card>
  );
}
