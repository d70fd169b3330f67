import { Alert, Button, Card, Form, Input, Modal, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { RIGHTS_DUE_DAYS, RIGHTS_STATUSES, RIGHTS_TYPES } from '../../../../../contracts/portal-admin.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { portalAdminApi, type StaffRightsRequest } from '../api.ts';

const COLORS = { pending: 'gold', completed: 'green', refused: 'red' } as const;
const day = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

function ResolveModal({ r, onClose }: { r: StaffRightsRequest; onClose(changed: boolean): void }) {
  const [form] = Form.useForm<{ status: 'completed' | 'refused'; outcome: string }>();
  const status = Form.useWatch('status', form);
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await portalAdminApi.resolveRights(r.id, { version: r.version, ...v });
      toast().success('已办结，结果已告知本人');
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`办理${RIGHTS_TYPES[r.type]}申请`} okText="确认办结" cancelText="取消" okButtonProps={{ loading: busy, danger: r.type === 'deletion' && status === 'completed' }} onOk={ok} onCancel={() => onClose(false)} destroyOnHidden>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8 }}>{r.detail}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ status: 'completed' }}>
        <Form.Item name="status" label="办理结果">
          <Radio.Group options={[{ value: 'completed', label: '已办结' }, { value: 'refused', label: '不予办理（须说明理由）' }]} />
        </Form.Item>
        {r.type === 'deletion' && status === 'completed' && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="办结删除申请将注销其门户账号（手机号、邮箱、密码即时删除）。人才库记录请按申请内容处理后在此说明。" />
        )}
        <Form.Item name="outcome" label="办理情况（本人可见）" rules={[{ required: true, message: '请填写办理情况' }, { min: 2, message: '请填写办理情况（至少 2 个字）' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 个人信息权利申请: correction, deletion and consent-withdrawal requests, due in 30 days, with the recorded outcome. */
export default function RightsRequestsPage() {
  const list = usePagedList((status: string, page, pageSize) => portalAdminApi.rights(status, page, pageSize), 'pending');
  const [resolving, setResolving] = useState<StaffRightsRequest | null>(null);
  const columns: TableColumnsType<StaffRightsRequest> = [
    { title: '类型', dataIndex: 'type', width: 90, render: (t: keyof typeof RIGHTS_TYPES) => <Tag>{RIGHTS_TYPES[t]}</Tag> },
    { title: '申请人', key: 'who', width: 130, render: (_, r) => (r.talentId ? <Link to={`/talents/${r.talentId}`}>{r.talentName}</Link> : <span>{r.accountMasked}（未登记）</span>) },
    { title: '内容', dataIndex: 'detail', ellipsis: true },
    { title: '县（市、区）', dataIndex: 'countyName', width: 100, render: (n: string | null) => n ?? '市委人才办', responsive: ['lg'] },
    { title: '提交', dataIndex: 'createdAt', width: 110, render: day, responsive: ['md'] },
    { title: '办结期限', key: 'due', width: 120, render: (_, r) => (r.status === 'pending' ? <span style={{ color: r.overdue ? '#cf1322' : undefined, fontWeight: r.overdue ? 600 : undefined }}>{day(r.dueAt)}{r.overdue ? ' 已逾期' : ''}</span> : '—') },
    {
      title: '状态',
      key: 'status',
      width: 200,
      render: (_, r) => (
        <>
          <Tag color={COLORS[r.status]}>{RIGHTS_STATUSES[r.status]}</Tag>
          {r.outcome && <div style={{ fontSize: 12 }}>{r.handledByName} {day(r.handledAt)}：{r.outcome}</div>}
        </>
      ),
    },
    { title: '操作', key: 'op', width: 80, render: (_, r) => r.status === 'pending' && <Button size="small" type="primary" onClick={() => setResolving(r)}>办理</Button> },
  ];
  return (
    <Card>
      <Typography.Paragraph type="secondary">
        本人在“一家人云服务平台”提出的更正、删除和撤回同意申请（《个人信息保护法》第四十四至四十七条），须在 {RIGHTS_DUE_DAYS} 日内办结并记录办理情况，结果本人可见。
      </Typography.Paragraph>
      <Radio.Group value={list.filters} onChange={(e) => list.setFilters(e.target.value as string)} optionType="button" style={{ marginBottom: 12 }}>
        <Radio.Button value="pending">处理中</Radio.Button>
        <Radio.Button value="completed">已办结</Radio.Button>
        <Radio.Button value="refused">不予办理</Radio.Button>
        <Radio.Button value="all">全部</Radio.Button>
      </Radio.Group>
      <Table<StaffRightsRequest> rowKey="id" size="middle" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 760 }} locale={{ emptyText: list.filters === 'pending' ? '没有待办的申请' : '没有记录' }} />
      {resolving && (
        <ResolveModal
          r={resolving}
          onClose={(changed) => {
            setResolving(null);
            if (changed) list.reload();
          }}
        />
      )}
    </Card>
  );
}
