import { Badge, Button, Card, DatePicker, Drawer, Empty, Form, Input, List, Radio, Result, Segmented, Space, Spin, Switch, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CONTACT_CHANNELS } from '../../../../../contracts/liaison.ts';
import { toast } from '../../../api/feedback.ts';
import { showError } from '../../../api/errors.ts';
import { dueText, liaisonApi, STATUS_TAG, type Assignment, type FollowUp, type LiaisonNotification } from '../api.ts';

/** Today in Beijing, the calendar the server counts due dates in (whatever the phone's time zone). */
const beijingToday = () => dayjs(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));

/**
 * 我的联系对象 — the leader's phone view: talents most urgent first, each a big card; one tap opens
 * the contact form (channel buttons, date = today, what was said, problems raised, follow-up).
 */
export default function MyLiaisonPage() {
  const [tab, setTab] = useState<'list' | 'followups' | 'reminders'>('list');
  const [items, setItems] = useState<Assignment[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<Assignment | null>(null);

  const load = useCallback(() => {
    setFailed(false);
    liaisonApi.my().then(setItems, (e: unknown) => {
      setFailed(true);
      showError(e);
    });
  }, []);
  useEffect(load, [load]);

  // A notification links here with ?assignment=…: open that talent's contact form.
  const [params, setParams] = useSearchParams();
  const wanted = params.get('assignment');
  useEffect(() => {
    if (!wanted || !items) return;
    const a = items.find((i) => i.id === wanted);
    if (a) {
      setTab('list');
      setOpen(a);
    } else toast().info('该联系对象已不在您的名单中（可能已调整联系领导）');
    setParams((p) => {
      p.delete('assignment');
      return p;
    }, { replace: true });
  }, [wanted, items, setParams]);

  const overdue = items?.filter((i) => i.status === 'overdue').length ?? 0;

  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Segmented
        block
        size="large"
        value={tab}
        onChange={(v) => setTab(v as typeof tab)}
        options={[
          { value: 'list', label: <span>联系对象{overdue > 0 && <Badge count={overdue} size="small" style={{ marginInlineStart: 4 }} />}</span> },
          { value: 'followups', label: '跟进事项' },
          { value: 'reminders', label: '提醒' },
        ]}
        style={{ marginBottom: 12 }}
      />
      {tab === 'list' && (
        <>
          {failed && <Result status="warning" subTitle="联系对象暂时无法加载" extra={<Button onClick={load}>重试</Button>} />}
          {!failed && !items && <Spin style={{ display: 'block', margin: '48px auto' }} />}
          {items && items.length === 0 && <Empty description="暂未分配联系对象" />}
          {items?.map((a) => (
            <Card
              key={a.id}
              hoverable
              data-testid="liaison-card"
              onClick={() => setOpen(a)}
              style={{ marginBottom: 10, borderLeft: `4px solid ${a.status === 'overdue' ? '#ff4d4f' : a.status === 'ok' ? '#52c41a' : '#faad14'}` }}
              styles={{ body: { padding: '14px 16px', minHeight: 64 } }}
            >
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <Typography.Text strong style={{ fontSize: 17, flex: 1 }}>
                  {a.talentName}
                  {a.tier && <Tag style={{ marginInlineStart: 6 }}>{a.tier}类</Tag>}
                </Typography.Text>
                {a.status && <Tag color={STATUS_TAG[a.status]!.color}>{STATUS_TAG[a.status]!.text}</Tag>}
              </div>
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }} ellipsis>
                {[a.employer, a.position].filter(Boolean).join(' ') || '—'}
              </Typography.Text>
              <div style={{ marginTop: 4, fontSize: 13 }}>
                {dueText(a)}
                {a.lastContact ? ` · 上次 ${a.lastContact}` : ' · 尚未联系'}
                {a.openFollowUps > 0 && <Tag color="blue" style={{ marginInlineStart: 6 }}>待办 {a.openFollowUps}</Tag>}
              </div>
            </Card>
          ))}
        </>
      )}
      {tab === 'followups' && <FollowUps />}
      {tab === 'reminders' && <Reminders />}
      <ContactDrawer
        assignment={open}
        onClose={() => setOpen(null)}
        onSaved={() => {
          setOpen(null);
          load();
        }}
      />
    </div>
  );
}

interface FormValues {
  channel: string;
  contactDate: Dayjs;
  summary: string;
  problems?: string;
  followUpNeeded: boolean;
  followUpOwner?: string;
  followUpDue?: Dayjs;
}

function ContactDrawer({ assignment, onClose, onSaved }: { assignment: Assignment | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const followUp = Form.useWatch('followUpNeeded', form);

  useEffect(() => {
    if (assignment) form.setFieldsValue({ channel: '电话', contactDate: beijingToday(), summary: '', problems: '', followUpNeeded: false, followUpOwner: '', followUpDue: undefined });
  }, [assignment, form]);

  const submit = async (v: FormValues) => {
    if (!assignment) return;
    setSaving(true);
    try {
      await liaisonApi.logContact({
        assignmentId: assignment.id,
        channel: v.channel,
        contactDate: v.contactDate.format('YYYY-MM-DD'),
        summary: v.summary,
        problems: v.problems || undefined,
        followUpNeeded: v.followUpNeeded,
        followUpOwner: v.followUpNeeded ? v.followUpOwner || undefined : undefined,
        followUpDue: v.followUpNeeded && v.followUpDue ? v.followUpDue.format('YYYY-MM-DD') : undefined,
      });
      toast().success(`已登记与${assignment.talentName}的联系`);
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer open={!!assignment} onClose={onClose} placement="bottom" size="92%" title={assignment ? `登记联系：${assignment.talentName}` : ''} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} size="large" requiredMark={false}>
        <Form.Item name="channel" label="联系方式" rules={[{ required: true, message: '请选择联系方式' }]}>
          <Radio.Group optionType="button" buttonStyle="solid" style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            {CONTACT_CHANNELS.map((c) => (
              <Radio.Button key={c} value={c} style={{ minWidth: 88, height: 44, lineHeight: '42px', textAlign: 'center', borderRadius: 6 }}>
                {c}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="contactDate" label="联系日期" rules={[{ required: true, message: '请选择联系日期' }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(beijingToday(), 'day')} allowClear={false} />
        </Form.Item>
        <Form.Item name="summary" label="联系情况" rules={[{ required: true, message: '请填写联系情况' }, { min: 2, message: '联系情况至少 2 个字' }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="如：电话问候，了解工作和家庭近况" />
        </Form.Item>
        <Form.Item name="problems" label="反映的问题（可不填）">
          <Input.TextArea rows={2} maxLength={2000} placeholder="人才提出的困难或诉求" />
        </Form.Item>
        <Form.Item name="followUpNeeded" label="需要跟进办理" valuePropName="checked">
          <Switch />
        </Form.Item>
        {followUp && (
          <Space.Compact direction="vertical" style={{ width: '100%' }}>
            <Form.Item name="followUpOwner" label="责任单位">
              <Input maxLength={50} placeholder="如：县人社局（不填则为本人）" />
            </Form.Item>
            <Form.Item name="followUpDue" label="办结期限（不填则 30 天）">
              <DatePicker style={{ width: '100%' }} inputReadOnly />
            </Form.Item>
          </Space.Compact>
        )}
        <Button type="primary" htmlType="submit" block loading={saving} style={{ height: 48, fontSize: 17 }}>
          保存联系记录
        </Button>
      </Form>
    </Drawer>
  );
}

function FollowUps() {
  const [items, setItems] = useState<FollowUp[] | null>(null);
  const load = useCallback(() => void liaisonApi.followUps().then(setItems, showError), []);
  useEffect(load, [load]);
  if (!items) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (items.length === 0) return <Empty description="暂无跟进事项" />;
  return (
    <List
      dataSource={items}
      renderItem={(f) => (
        <Card style={{ marginBottom: 10 }} styles={{ body: { padding: 14 } }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text strong>{f.talentName}</Typography.Text>
            <Tag color={f.status === 'open' ? (f.dueDate < beijingToday().format('YYYY-MM-DD') ? 'red' : 'blue') : 'green'}>{f.status === 'open' ? `办理中 · ${f.dueDate}前` : '已办结'}</Tag>
          </Space>
          <div style={{ marginTop: 6 }}>{f.problem}</div>
          <Typography.Text type="secondary">责任单位：{f.owner}</Typography.Text>
          {f.resolution && <div style={{ marginTop: 4 }}>办理结果：{f.resolution}</div>}
          {f.status === 'open' && <ResolveButton id={f.id} onDone={load} />}
        </Card>
      )}
    />
  );
}

function ResolveButton({ id, onDone }: { id: string; onDone: () => void }) {
  const [text, setText] = useState<string | null>(null);
  if (text === null)
    return (
      <Button block style={{ marginTop: 8, height: 44 }} onClick={() => setText('')}>
        登记办结
      </Button>
    );
  return (
    <Space.Compact style={{ width: '100%', marginTop: 8 }}>
      <Input size="large" value={text} onChange={(e) => setText(e.target.value)} placeholder="办理结果" />
      <Button size="large" type="primary" onClick={() => liaisonApi.resolve(id, text).then(onDone, showError)}>
        办结
      </Button>
    </Space.Compact>
  );
}

function Reminders() {
  const [items, setItems] = useState<LiaisonNotification[] | null>(null);
  const load = useCallback(() => void liaisonApi.notifications().then(setItems, showError), []);
  useEffect(load, [load]);
  if (!items) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (items.length === 0) return <Empty description="暂无提醒" />;
  return (
    <List
      bordered
      dataSource={items}
      renderItem={(n) => (
        <List.Item
          onClick={() => !n.readAt && liaisonApi.readNotification(n.id).then(load, showError)}
          style={{ background: n.readAt ? undefined : '#fffbe6', cursor: n.readAt ? undefined : 'pointer', minHeight: 56 }}
        >
          <List.Item.Meta
            title={<span>{n.kind === 'overdue' ? <Tag color="red">超期</Tag> : n.kind === 'due' ? <Tag color="orange">到期</Tag> : <Tag color="gold">提前一周</Tag>}{n.text}</span>}
            description={dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
          />
        </List.Item>
      )}
    />
  );
}
