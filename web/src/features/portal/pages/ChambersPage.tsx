import { Button, Card, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Outpost } from '../../../../../contracts/org.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { useSession } from '../../../app/session.tsx';
import { orgApi } from '../../org/api.ts';
import { portalAdminApi, type Chamber } from '../api.ts';

type Values = { name: string; divisionCode: string | null; outpostId: string | null; contact: string | null; active: boolean; sortOrder: number };

function EditModal({ c, outposts, onClose }: { c: Chamber | null; outposts: Outpost[]; onClose(changed: boolean): void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (c) await portalAdminApi.updateChamber(c.id, { ...v, version: c.version });
      else await portalAdminApi.createChamber(v);
      toast().success('已保存');
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={c ? '编辑商会' : '新增商会'} okText="保存" cancelText="取消" okButtonProps={{ loading: busy }} onOk={ok} onCancel={() => onClose(false)} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={c ?? { active: true, sortOrder: 0, divisionCode: null, outpostId: null, contact: null }}>
        <Form.Item name="name" label="商会名称" rules={[{ required: true, message: '请填写商会名称' }]}>
          <Input maxLength={60} placeholder="如：深圳凤城商会" />
        </Form.Item>
        <Form.Item name="divisionCode" label="所在城市（行政区划代码）" rules={[{ pattern: /^\d{6}$/, message: '须为 6 位行政区划代码' }]} extra="如 440300 深圳市；选填">
          <Input maxLength={6} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="outpostId" label="承建的驻外人才工作站">
          <Select allowClear placeholder="无" options={outposts.map((o) => ({ value: o.id, label: o.name }))} />
        </Form.Item>
        <Form.Item name="contact" label="联系方式">
          <Input maxLength={100} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="sortOrder" label="排序">
            <InputNumber min={0} max={9999} />
          </Form.Item>
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 商会名录: the chambers of commerce talents can name on the portal; the city maintains the list. */
export default function ChambersPage() {
  const { roles } = useSession();
  const editor = roles.includes('city_admin');
  const [rows, setRows] = useState<Chamber[] | null>(null);
  const [outposts, setOutposts] = useState<Outpost[]>([]);
  const [editing, setEditing] = useState<Chamber | null | 'new'>(null);
  const load = useCallback(() => portalAdminApi.chambers().then(setRows, showError), []);
  useEffect(() => {
    void load();
    if (editor) orgApi.outposts().then(setOutposts, showError);
  }, [load, editor]);
  const columns: TableColumnsType<Chamber> = [
    { title: '商会', dataIndex: 'name', render: (n: string, c) => <>{n}{!c.active && <Tag style={{ marginLeft: 6 }}>已停用</Tag>}</> },
    { title: '所在城市', dataIndex: 'divisionName', width: 140, render: (n: string | null) => n ?? '—' },
    { title: '驻外工作站', dataIndex: 'outpostName', width: 160, render: (n: string | null) => n ?? '—', responsive: ['md'] },
    { title: '联系方式', dataIndex: 'contact', responsive: ['lg'], render: (n: string | null) => n ?? '—' },
    { title: '会员', dataIndex: 'memberCount', width: 70, align: 'right' },
    ...(editor ? [{ title: '操作', key: 'op', width: 80, render: (_: unknown, c: Chamber) => <Button size="small" onClick={() => setEditing(c)}>编辑</Button> }] : []),
  ];
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Text type="secondary">在外人才在门户登记时可选择所属商会；停用的商会不再供选择。</Typography.Text>
        {editor && <Button type="primary" onClick={() => setEditing('new')}>新增商会</Button>}
      </Space>
      <Table<Chamber> rowKey="id" size="middle" columns={columns} dataSource={rows ?? []} loading={!rows} pagination={false} scroll={{ x: 560 }} locale={{ emptyText: '还没有商会' }} />
      {editing && (
        <EditModal
          c={editing === 'new' ? null : editing}
          outposts={outposts}
          onClose={(changed) => {
            setEditing(null);
            if (changed) void load();
          }}
        />
      )}
    </Card>
  );
}
