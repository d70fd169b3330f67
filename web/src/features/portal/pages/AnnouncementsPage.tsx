import { App, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ANNOUNCEMENT_CATEGORIES } from '../../../../../contracts/announcements.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { portalAdminApi, type Announcement } from '../api.ts';

type Values = { category: Announcement['category']; title: string; summary: string | null; body: string };

function EditModal({ a, onClose }: { a: Announcement | null; onClose(changed: boolean): void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (a) await portalAdminApi.updateAnnouncement(a.id, { ...v, version: a.version });
      else await portalAdminApi.createAnnouncement(v);
      toast().success(a ? '已保存' : '已保存为草稿，发布后在门户显示');
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={720} title={a ? '编辑公告' : '新建公告'} okText="保存" cancelText="取消" okButtonProps={{ loading: busy }} onOk={ok} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={a ?? { category: 'news' }}>
        <Form.Item name="category" label="栏目" rules={[{ required: true, message: '请选择栏目' }]}>
          <Select options={Object.entries(ANNOUNCEMENT_CATEGORIES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={80} showCount />
        </Form.Item>
        <Form.Item name="summary" label="摘要（选填，列表中显示）">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label="正文" rules={[{ required: true, message: '请填写正文' }]} extra="纯文本，空行分段">
          <Input.TextArea rows={12} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 公告管理: the city's news and announcements on the portal — drafts, publish, unpublish, delete drafts. */
export default function AnnouncementsPage() {
  const { modal } = App.useApp();
  const list = usePagedList((status: string, page, pageSize) => portalAdminApi.announcements(status, page, pageSize), 'all');
  const [editing, setEditing] = useState<Announcement | null | 'new'>(null);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      toast().success(done);
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  const confirm = (title: string, content: string, fn: () => Promise<unknown>, done: string, danger = false) =>
    modal.confirm({ title, content, okText: '确定', cancelText: '取消', okButtonProps: { danger }, onOk: () => act(fn, done) });

  const columns: TableColumnsType<Announcement> = [
    { title: '标题', dataIndex: 'title', render: (t: string, a) => <><Tag color="volcano">{ANNOUNCEMENT_CATEGORIES[a.category]}</Tag>{t}</> },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: string) => (s === 'published' ? <Tag color="green">已发布</Tag> : <Tag>草稿</Tag>) },
    { title: '发布时间', dataIndex: 'publishedAt', width: 150, render: (t: string | null, a) => (a.status === 'published' && t ? dayjs(t).format('YYYY-MM-DD HH:mm') : '—'), responsive: ['md'] },
    { title: '更新时间', dataIndex: 'updatedAt', width: 150, render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm'), responsive: ['lg'] },
    {
      title: '操作',
      key: 'op',
      width: 220,
      render: (_, a) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => setEditing(a)}>编辑</Button>
          {a.status === 'published' ? (
            <Button size="small" onClick={() => confirm('撤回发布', `“${a.title}”将从门户撤下，可再次发布。`, () => portalAdminApi.unpublish(a.id, a.version), '已撤回')}>撤回</Button>
          ) : (
            <>
              <Button size="small" type="primary" onClick={() => confirm('发布公告', `“${a.title}”将立即在门户首页显示。`, () => portalAdminApi.publish(a.id, a.version), '已发布')}>发布</Button>
              <Button size="small" danger onClick={() => confirm('删除草稿', `删除“${a.title}”？删除后不可恢复。`, () => portalAdminApi.deleteAnnouncement(a.id), '已删除', true)}>删除</Button>
            </>
          )}
        </Space>
      ),
    },
  ];
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Radio.Group value={list.filters} onChange={(e) => list.setFilters(e.target.value as string)} optionType="button">
          <Radio.Button value="all">全部</Radio.Button>
          <Radio.Button value="published">已发布</Radio.Button>
          <Radio.Button value="draft">草稿</Radio.Button>
        </Radio.Group>
        <Button type="primary" onClick={() => setEditing('new')}>新建公告</Button>
      </Space>
      <Typography.Paragraph type="secondary">发布的公告显示在“一家人云服务平台”首页；修改已发布的公告即时生效。</Typography.Paragraph>
      <Table<Announcement> rowKey="id" size="middle" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 640 }} locale={{ emptyText: '还没有公告' }} />
      {editing && (
        <EditModal
          a={editing === 'new' ? null : editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) list.reload();
          }}
        />
      )}
    </Card>
  );
}
