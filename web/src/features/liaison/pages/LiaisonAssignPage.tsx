import { Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../api/client.ts';
import { toast } from '../../../api/feedback.ts';
import { showError } from '../../../api/errors.ts';
import { dueText, liaisonApi, STATUS_TAG, type Assignment, type Leader } from '../api.ts';

/** 联系分配: pick a leader, see their talents, add one by one or in bulk by a registry filter, reassign. */
export default function LiaisonAssignPage() {
  const [leaders, setLeaders] = useState<Leader[] | null>(null);
  const [leaderId, setLeaderId] = useState<string>();
  const [rows, setRows] = useState<Assignment[] | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [bulk, setBulk] = useState(false);
  const [moving, setMoving] = useState<Assignment | null>(null);
  const [target, setTarget] = useState<string>();

  const loadLeaders = useCallback(() => void liaisonApi.leaders().then(setLeaders, showError), []);
  useEffect(loadLeaders, [loadLeaders]);
  const load = useCallback(() => {
    if (!leaderId) return setRows(null);
    setRows(null);
    liaisonApi.assignments({ leaderId }).then(setRows, showError);
  }, [leaderId]);
  useEffect(load, [load]);

  const search = (q: string) => {
    if (!q.trim()) return;
    api.get<{ items: { id: string; name: string; employer: string | null }[] }>('/api/talents', { q, pageSize: 20, facets: 'false' }).then(
      (r) => setOptions(r.items.map((t) => ({ value: t.id, label: `${t.name}${t.employer ? `（${t.employer}）` : ''}` }))),
      showError,
    );
  };
  const done = (r: { assigned: number; skipped: number }) => {
    toast().success(`已分配 ${r.assigned} 人${r.skipped ? `，${r.skipped} 人原已分配` : ''}`);
    setPicked([]);
    load();
    loadLeaders();
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Typography.Text>联系领导：</Typography.Text>
          <Select style={{ width: 260 }} placeholder="请选择领导" loading={!leaders} value={leaderId} onChange={setLeaderId} notFoundContent={<Empty description="本县暂无领导账号" />}
            options={(leaders ?? []).map((l) => ({ value: l.id, label: `${l.displayName}（${l.countyName ?? '市级'}，${l.assigned} 人）` }))} />
        </Space>
      </Card>
      {!leaderId && leaders && <Empty description={leaders.length ? '请选择联系领导，查看和分配其联系对象' : '本县（市、区）暂无领导账号，请联系安全管理员授予“联系领导”角色'} />}
      {leaderId && (
        <Card size="small" title="分配联系对象">
          <Space wrap style={{ width: '100%' }}>
            <Select mode="multiple" showSearch={{ filterOption: false, onSearch: search }} style={{ minWidth: 320 }} placeholder="输入姓名搜索人才" value={picked} onChange={setPicked} options={options} />
            <Button type="primary" disabled={picked.length === 0} onClick={() => liaisonApi.assign({ leaderId, talentIds: picked }).then(done, showError)}>分配</Button>
            <Button onClick={() => setBulk(true)}>按筛选批量分配</Button>
          </Space>
        </Card>
      )}
      {leaderId && (
        <Table<Assignment> rowKey="id" size="small" loading={!rows} dataSource={rows ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 800 }} locale={{ emptyText: <Empty description="该领导暂无联系对象" /> }}
          columns={[
            { title: '联系对象', dataIndex: 'talentName' },
            { title: '单位', dataIndex: 'employer' },
            { title: '上次联系', dataIndex: 'lastContact', render: (d: string | null) => d ?? '尚未联系' },
            { title: '状态', key: 's', render: (_, a) => a.status && <Tag color={STATUS_TAG[a.status]!.color}>{dueText(a)}</Tag> },
            { title: '操作', key: 'op', render: (_, a) => (
              <Space>
                <Button size="small" onClick={() => { setMoving(a); setTarget(undefined); }}>调整领导</Button>
                <Popconfirm title={`结束与${a.talentName}的联系关系？`} description="联系记录保留在台账中。" okText="结束" cancelText="取消" onConfirm={() => liaisonApi.end(a.id).then(() => { toast().success('已结束'); load(); loadLeaders(); }, showError)}>
                  <Button size="small" danger>结束</Button>
                </Popconfirm>
              </Space>
            ) },
          ]} />
      )}
      <Modal open={!!moving} title={`调整${moving?.talentName ?? ''}的联系领导`} okText="确认调整" okButtonProps={{ disabled: !target }} onCancel={() => setMoving(null)}
        onOk={() => moving && target && liaisonApi.reassign(moving.id, target).then(() => { toast().success('已调整，原联系关系保留为历史'); setMoving(null); load(); loadLeaders(); }, showError)}>
        <Select style={{ width: '100%' }} placeholder="新的联系领导" value={target} onChange={setTarget} options={(leaders ?? []).filter((l) => l.id !== moving?.leaderId).map((l) => ({ value: l.id, label: l.displayName }))} />
      </Modal>
      <BulkModal open={bulk} onClose={() => setBulk(false)} onOk={(filter) => leaderId && liaisonApi.assign({ leaderId, filter }).then((r) => { setBulk(false); done(r); }, showError)} />
    </Space>
  );
}

function BulkModal({ open, onClose, onOk }: { open: boolean; onClose: () => void; onOk: (f: Record<string, unknown>) => void }) {
  const [form] = Form.useForm<{ q?: string; tier?: string }>();
  return (
    <Modal open={open} title="按人才库筛选批量分配" okText="确认分配" onCancel={onClose} destroyOnHidden
      onOk={() => { const v = form.getFieldsValue(); const f: Record<string, unknown> = {}; if (v.q) f.q = v.q; if (v.tier) f.tier = [v.tier]; onOk(f); }}>
      <Typography.Paragraph type="secondary">符合条件的本县人才（最多 500 人）将分配给该领导；已由其他领导联系的将调整过来，原关系保留为历史。</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="q" label="关键词（姓名、单位、专业）"><Input /></Form.Item>
        <Form.Item name="tier" label="人才层级"><Select allowClear options={['A', 'B', 'C', 'D', 'E'].map((t) => ({ value: t, label: `${t}类` }))} /></Form.Item>
      </Form>
    </Modal>
  );
}
