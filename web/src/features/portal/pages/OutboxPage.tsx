import { Alert, Card, Table, Tag, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { usePagedList } from '../../../api/usePagedList.ts';
import { portalAdminApi, type OutboxItem } from '../api.ts';

/** 发件箱 (development/demo): the SMS and email the notifier would have sent, codes included. */
export default function OutboxPage() {
  const list = usePagedList((_f: null, page, pageSize) => portalAdminApi.outbox(page, pageSize), null);
  const columns: TableColumnsType<OutboxItem> = [
    { title: '时间', dataIndex: 'createdAt', width: 150, render: (t: string) => dayjs(t).format('MM-DD HH:mm:ss') },
    { title: '渠道', dataIndex: 'channel', width: 70, render: (c: string) => <Tag color={c === 'sms' ? 'blue' : 'purple'}>{c === 'sms' ? '短信' : '邮件'}</Tag> },
    { title: '收件人', dataIndex: 'toMasked', width: 150 },
    { title: '内容', key: 'body', render: (_, m) => <>{m.subject && <div style={{ fontWeight: 600 }}>{m.subject}</div>}<div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div></> },
  ];
  return (
    <Card>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="开发/演示环境：短信和邮件不会真正发出，而是记录在这里（含验证码）。生产环境请配置 NOTIFIER_SMS / NOTIFIER_EMAIL，此页随之停用。" />
      <Table<OutboxItem> rowKey="id" size="middle" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 640 }} locale={{ emptyText: '发件箱为空' }} />
    </Card>
  );
}
