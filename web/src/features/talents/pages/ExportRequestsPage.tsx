import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { EXPORT_REQUEST_STATUSES } from '../../../../../contracts/talent-export.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { exportApi, type ExportRequest, type ExportRequestStatus } from '../export/api.ts';
import { DecideModal, type Decision } from '../export/DecideModal.tsx';

type View = 'pending' | 'mine' | 'all';
const STATUS_COLORS: Record<ExportRequestStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red', used: 'default', expired: 'default' };
const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** 导出审批: requesters follow their requests and download an approved one once; city admins decide others' requests. */
export default function ExportRequestsPage() {
  const user = useCurrentUser();
  const { modal } = App.useApp();
  const approver = user.roles.some((r) => r.role === 'city_admin');
  const list = usePagedList(
    (view: View, page: number, pageSize: number) =>
      exportApi.list({ status: view === 'pending' ? 'pending' : undefined, mine: view === 'mine' ? 'true' : 'false', page, pageSize }),
    (approver ? 'pending' : 'mine') as View,
  );
  const [deciding, setDeciding] = useState<{ request: ExportRequest; decision: Decision } | null>(null);

  const download = (r: ExportRequest) =>
    modal.confirm({
      title: '下载未脱敏数据',
      content: '未脱敏数据只能下载一次：开始下载后此申请即失效，中断也需重新申请。文件含完整证件号码和联系电话，请妥善保管，勿外传。',
      okText: '开始下载',
      cancelText: '取消',
      onOk: async () => {
        try {
          const name = await exportApi.downloadApproved(r.id);
          toast().success(`已下载：${name}`);
        } catch (e) {
          showError(e);
        } finally {
          list.reload();
        }
      },
    });

  const columns: TableColumnsType<ExportRequest> = [
    { title: '申请时间', dataIndex: 'createdAt', width: 140, render: time },
    ...(approver ? [{ title: '申请人', dataIndex: 'requestedByName', width: 100, render: (n: string | null) => n ?? '—' }] : []),
    { title: '导出范围', dataIndex: 'filterText', render: (t: string) => t || '全部（本人权限范围内）' },
    { title: '人数', dataIndex: 'rowCount', width: 80, align: 'right', render: (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN')) },
    { title: '理由', dataIndex: 'reason', ellipsis: true, responsive: ['lg'] },
    {
      title: '状态',
      key: 'status',
      width: 200,
      render: (_, r) => (
        <>
          <Tag color={STATUS_COLORS[r.status]}>{EXPORT_REQUEST_STATUSES[r.status]}</Tag>
          {r.decidedByName && <div style={{ fontSize: 12, color: '#888' }}>{r.status === 'rejected' ? '驳回' : '审批'}：{r.decidedByName} {time(r.decidedAt)}</div>}
          {r.decisionNote && <div style={{ fontSize: 12 }}>意见：{r.decisionNote}</div>}
          {r.status === 'approved' && r.expiresAt && <div style={{ fontSize: 12 }}>有效期至 {time(r.expiresAt)}</div>}
          {r.usedAt && <div style={{ fontSize: 12 }}>已于 {time(r.usedAt)} 下载</div>}
        </>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, r) => (
        <Space size={4} wrap>
          {r.canUse && <Button size="small" type="primary" icon={<DownloadOutlined />} onClick={() => download(r)}>下载（仅一次）</Button>}
          {r.canDecide && <Button size="small" type="primary" onClick={() => setDeciding({ request: r, decision: 'approve' })}>批准</Button>}
          {r.canDecide && <Button size="small" danger onClick={() => setDeciding({ request: r, decision: 'reject' })}>驳回</Button>}
          {r.status === 'pending' && !r.canDecide && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{approver ? '本人申请，须由其他管理员审批' : '等待市委人才办审批'}</Typography.Text>}
        </Space>
      ),
    },
  ];

  const table = (
    <Table<ExportRequest> rowKey="id" size="middle" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 760 }} locale={{ emptyText: list.filters === 'pending' ? '没有待审批的申请' : '还没有导出申请' }} />
  );

  return (
    <Card>
      {deciding && (
        <DecideModal
          {...deciding}
          onClose={(changed) => {
            setDeciding(null);
            if (changed) list.reload();
          }}
        />
      )}
      <Typography.Paragraph type="secondary">
        在人才信息库中筛选后点击“申请明文导出”提交申请；须由市委人才办另一位管理员批准，批准后 72 小时内可下载一次。所有申请、审批和下载均记入审计日志。
      </Typography.Paragraph>
      {approver ? (
        <Tabs
          activeKey={list.filters}
          onChange={(k) => list.setFilters(k as View)}
          items={[
            { key: 'pending', label: '待审批', children: table },
            { key: 'mine', label: '我的申请', children: table },
            { key: 'all', label: '全部申请', children: table },
          ]}
          destroyOnHidden
        />
      ) : (
        table
      )}
    </Card>
  );
}
