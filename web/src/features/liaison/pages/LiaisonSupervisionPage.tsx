import { Button, Card, DatePicker, Empty, Form, Input, Modal, Progress, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { toast } from '../../../api/feedback.ts';
import { showError } from '../../../api/errors.ts';
import { dueText, liaisonApi, type Inspection, type Supervision } from '../api.ts';

type Row = Supervision['leaders'][number];

const pct = (r: Row) => <Progress percent={Math.round(r.share * 100)} size="small" status={r.share < 0.8 ? 'exception' : 'success'} format={(p) => `${p}%`} style={{ minWidth: 110 }} />;

const ledgerLinks = (q: string) => (
  <Space size={4}>
    <Button size="small" href={`/api/liaison/ledger.xlsx?${q}`}>台账 Excel</Button>
    <Button size="small" href={`/api/liaison/ledger.docx?${q}`}>Word</Button>
    <Button size="small" href={`/api/liaison/ledger.html?${q}`} target="_blank">打印版</Button>
  </Space>
);

/** 督导统计: per county and per leader — contacted within rule, overdue, 人次 this year, problems; inspections. */
export default function LiaisonSupervisionPage() {
  const [data, setData] = useState<Supervision | null>(null);
  const [failed, setFailed] = useState(false);
  const [inspections, setInspections] = useState<Inspection[] | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(() => {
    setFailed(false);
    liaisonApi.supervision().then(setData, (e: unknown) => {
      setFailed(true);
      showError(e);
    });
    liaisonApi.inspections().then(setInspections, showError);
  }, []);
  useEffect(load, [load]);

  if (failed) return <Result status="warning" subTitle="督导统计暂时无法加载" extra={<Button onClick={load}>重试</Button>} />;
  if (!data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;

  const common = [
    { title: '联系对象', dataIndex: 'assigned', align: 'right' as const },
    { title: '按规定联系', key: 'share', render: (_: unknown, r: Row) => pct(r) },
    { title: '超期', dataIndex: 'overdue', align: 'right' as const, render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
    { title: `${data.year}年联系人次`, dataIndex: 'contactsThisYear', align: 'right' as const },
    { title: '问题办理中', dataIndex: 'problemsOpen', align: 'right' as const },
    { title: '问题已办结', dataIndex: 'problemsSolved', align: 'right' as const },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="按县（市、区）" size="small">
        <Table<Row> rowKey={(r) => r.countyId ?? 'city'} size="small" pagination={false} scroll={{ x: 760 }} dataSource={data.counties} locale={{ emptyText: <Empty description="暂无联系领导" /> }}
          columns={[{ title: '县（市、区）', dataIndex: 'countyName' }, ...common, { title: '台账', key: 'l', render: (_: unknown, r: Row) => r.countyId && ledgerLinks(`countyId=${r.countyId}`) }]} />
      </Card>
      <Card title="按联系领导" size="small">
        <Table<Row> rowKey={(r) => r.leaderId!} size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 860 }} dataSource={data.leaders} locale={{ emptyText: <Empty description="暂无联系领导" /> }}
          columns={[{ title: '领导', dataIndex: 'leaderName' }, { title: '县（市、区）', dataIndex: 'countyName' }, ...common, { title: '台账', key: 'l', render: (_: unknown, r: Row) => ledgerLinks(`leaderId=${r.leaderId}`) }]} />
      </Card>
      <Card title={`超期未联系（${data.overdueList.length}）`} size="small">
        <Table rowKey="id" size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={data.overdueList} locale={{ emptyText: <Empty description="没有超期的联系对象" /> }}
          columns={[{ title: '联系对象', dataIndex: 'talentName' }, { title: '联系领导', dataIndex: 'leaderName' }, { title: '上次联系', dataIndex: 'lastContact', render: (d: string | null) => d ?? '尚未联系' }, { title: '到期情况', key: 'd', render: (_: unknown, a) => <Tag color="red">{dueText(a)}</Tag> }]} />
      </Card>
      <Card title="督导检查" size="small" extra={<Button type="primary" onClick={() => setAdding(true)}>登记检查</Button>}>
        <Table rowKey="id" size="small" loading={!inspections} dataSource={inspections ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: <Empty description="暂无督导检查记录" /> }}
          columns={[{ title: '检查日期', dataIndex: 'inspectedOn' }, { title: '县（市、区）', dataIndex: 'countyName' }, { title: '领导', dataIndex: 'leaderName', render: (v: string | null) => v ?? '—' }, { title: '检查人', dataIndex: 'inspector' }, { title: '发现问题', dataIndex: 'findings' }, { title: '整改期限', dataIndex: 'rectificationDeadline', render: (v: string | null) => v ?? '—' }]} />
      </Card>
      <InspectionModal open={adding} data={data} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); load(); }} />
    </Space>
  );
}

function InspectionModal({ open, data, onClose, onSaved }: { open: boolean; data: Supervision; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ countyId: string; leaderId?: string; inspectedOn: Dayjs; inspector: string; findings: string; rectificationDeadline?: Dayjs }>();
  const countyId = Form.useWatch('countyId', form);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await liaisonApi.createInspection({ ...v, inspectedOn: v.inspectedOn.format('YYYY-MM-DD'), rectificationDeadline: v.rectificationDeadline?.format('YYYY-MM-DD') });
      toast().success('已登记督导检查');
      form.resetFields();
      onSaved();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Modal open={open} title="登记督导检查" onCancel={onClose} onOk={save} okText="保存" destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ inspectedOn: dayjs() }}>
        <Form.Item name="countyId" label="县（市、区）" rules={[{ required: true, message: '请选择县（市、区）' }]}>
          <Select options={data.counties.filter((c) => c.countyId).map((c) => ({ value: c.countyId!, label: c.countyName }))} />
        </Form.Item>
        <Form.Item name="leaderId" label="联系领导（可不选）">
          <Select allowClear options={data.leaders.filter((l) => l.countyId === countyId).map((l) => ({ value: l.leaderId!, label: l.leaderName }))} />
        </Form.Item>
        <Form.Item name="inspectedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="inspector" label="检查人" rules={[{ required: true, message: '请填写检查人' }]}><Input maxLength={50} /></Form.Item>
        <Form.Item name="findings" label="发现的问题" rules={[{ required: true, message: '请填写发现的问题' }]}><Input.TextArea rows={3} maxLength={4000} /></Form.Item>
        <Form.Item name="rectificationDeadline" label="整改期限"><DatePicker style={{ width: '100%' }} /></Form.Item>
      </Form>
    </Modal>
  );
}
