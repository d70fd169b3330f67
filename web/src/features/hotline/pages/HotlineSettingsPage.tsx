import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { HOTLINE_CATEGORIES, HOTLINE_SETTINGS_EDITORS, SLA_LEVELS, type HotlineCategory } from '../../../../../contracts/hotline.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { hotlineApi, type CalendarDay, type SlaPolicy, type WorkHours } from '../api.ts';
import { workingTime } from '../labels.tsx';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/** 时限与日历: SLA targets per category × level, working hours, and each year's holidays and 调休. */
export default function HotlineSettingsPage() {
  const user = useCurrentUser();
  const editor = user.roles.some((r) => HOTLINE_SETTINGS_EDITORS.includes(r.role));
  const [policies, setPolicies] = useState<SlaPolicy[]>([]);
  const [hours, setHours] = useState<WorkHours | null>(null);
  const [year, setYear] = useState(dayjs().year());
  const [days, setDays] = useState<CalendarDay[] | null>(null);
  const [dirty, setDirty] = useState(false);
  const [hoursForm] = Form.useForm();

  useEffect(() => {
    hotlineApi.settings().then((s) => {
      setPolicies(s.policies);
      setHours(s.workHours);
      hoursForm.setFieldsValue({ periods: s.workHours.periods.map((p) => [dayjs(p.start, 'HH:mm'), dayjs(p.end, 'HH:mm')]), warnShare: Math.round(s.workHours.warnShare * 100) });
    }, showError);
  }, [hoursForm]);
  useEffect(() => {
    setDays(null);
    setDirty(false);
    hotlineApi.calendar(year).then(setDays, showError);
  }, [year]);

  const setPolicy = (i: number, patch: Partial<SlaPolicy>) => setPolicies((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const savePolicies = () => hotlineApi.putPolicies(policies).then((s) => { setPolicies(s.policies); toast().success('办理时限已保存，对之后登记或转办的诉求生效'); }, showError);
  const saveHours = async () => {
    const v = await hoursForm.validateFields();
    const body: WorkHours = { periods: (v.periods as [dayjs.Dayjs, dayjs.Dayjs][]).map(([a, b]) => ({ start: a.format('HH:mm'), end: b.format('HH:mm') })), warnShare: v.warnShare / 100 };
    hotlineApi.putWorkHours(body).then((s) => { setHours(s.workHours); toast().success('工作时间已保存，未办结诉求的时限已重新计算'); }, (e: unknown) => showError(e, hoursForm));
  };
  const saveDays = () => days && hotlineApi.putCalendar(year, days).then((d) => { setDays(d); setDirty(false); toast().success(`${year} 年节假日已保存`); }, showError);
  const editDays = (next: CalendarDay[]) => { setDays([...next].sort((a, b) => a.day.localeCompare(b.day))); setDirty(true); };

  const dayPerDay = hours ? hours.periods.reduce((m, p) => m + dayjs(p.end, 'HH:mm').diff(dayjs(p.start, 'HH:mm'), 'minute'), 0) : 420;
  return (
    <Flex vertical gap={16}>
      {!editor && <Alert type="info" showIcon message="时限与日历由市委人才办设置，这里仅供查看。" />}
      <Card title="办理时限（工作分钟）" extra={editor && <Button type="primary" onClick={() => void savePolicies()}>保存时限</Button>}>
        <Typography.Paragraph type="secondary">按工作时间计算，1 个工作日 = {dayPerDay} 分钟；等待来电人、待回访期间暂停计时。修改后对之后登记或转办的诉求生效。</Typography.Paragraph>
        <Table<SlaPolicy & { i: number }>
          size="small"
          rowKey={(p) => `${p.category}-${p.level}`}
          pagination={false}
          dataSource={policies.map((p, i) => ({ ...p, i }))}
          columns={[
            { title: '类别', dataIndex: 'category', render: (c: HotlineCategory) => HOTLINE_CATEGORIES[c] },
            { title: '层级', dataIndex: 'level', render: (l: keyof typeof SLA_LEVELS) => SLA_LEVELS[l] },
            { title: '首次响应', key: 'fr', render: (_, p) => editor ? <Space><InputNumber min={1} value={p.firstResponseMinutes} onChange={(v) => setPolicy(p.i, { firstResponseMinutes: v ?? 1 })} /><span>{workingTime(p.firstResponseMinutes)}</span></Space> : workingTime(p.firstResponseMinutes) },
            { title: '办结', key: 'res', render: (_, p) => editor ? <Space><InputNumber min={1} value={p.resolutionMinutes} onChange={(v) => setPolicy(p.i, { resolutionMinutes: v ?? 1 })} /><span>约 {(p.resolutionMinutes / dayPerDay).toFixed(1)} 个工作日</span></Space> : `${workingTime(p.resolutionMinutes)}（约 ${(p.resolutionMinutes / dayPerDay).toFixed(1)} 个工作日）` },
          ]}
        />
      </Card>
      <Card title="工作时间" extra={editor && <Button type="primary" onClick={() => void saveHours().catch(() => undefined)}>保存工作时间</Button>}>
        <Form form={hoursForm} layout="inline" disabled={!editor}>
          <Form.List name="periods">
            {(fields) => fields.map((f, i) => (
              <Form.Item key={f.key} name={f.name} label={`时段 ${i + 1}`} rules={[{ required: true, message: '请选择时段' }]}>
                <TimePicker.RangePicker format="HH:mm" minuteStep={5} />
              </Form.Item>
            ))}
          </Form.List>
          <Form.Item name="warnShare" label="剩余时间少于" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={5} max={90} addonAfter="% 时提示临近超时" />
          </Form.Item>
        </Form>
      </Card>
      <Card
        title="节假日与调休"
        extra={
          <Space>
            <Select value={year} onChange={setYear} options={[-1, 0, 1, 2].map((d) => ({ value: dayjs().year() + d, label: `${dayjs().year() + d} 年` }))} />
            {editor && (
              <Popconfirm title={`用当前列表替换 ${year} 年的全部节假日与调休？`} okText="保存" cancelText="取消" onConfirm={() => void saveDays()} disabled={!dirty}>
                <Button type="primary" disabled={!dirty}>保存 {year} 年</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">周一至周五为工作日、周末休息；这里只列例外：工作日放假（法定节假日）和周末上班（调休）。请按国务院办公厅当年的放假通知维护。</Typography.Paragraph>
        {editor && days && <AddDay onAdd={(d) => editDays([...days.filter((x) => x.day !== d.day), d])} year={year} />}
        <Table<CalendarDay>
          size="small"
          loading={days === null}
          rowKey="day"
          pagination={false}
          dataSource={days ?? []}
          locale={{ emptyText: `${year} 年尚未设置节假日` }}
          columns={[
            { title: '日期', dataIndex: 'day', render: (d: string) => `${d}（周${WEEKDAYS[dayjs(d).day()]}）` },
            { title: '类型', dataIndex: 'kind', render: (k: CalendarDay['kind']) => (k === 'holiday' ? <Tag color="red">放假</Tag> : <Tag color="blue">调休上班</Tag>) },
            { title: '名称', dataIndex: 'name' },
            ...(editor ? [{ title: '', key: 'x', width: 60, render: (_: unknown, d: CalendarDay) => <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除" onClick={() => editDays(days!.filter((x) => x.day !== d.day))} /> }] : []),
          ]}
        />
      </Card>
    </Flex>
  );
}

function AddDay({ onAdd, year }: { onAdd: (d: CalendarDay) => void; year: number }) {
  const [form] = Form.useForm();
  return (
    <Form
      form={form}
      layout="inline"
      style={{ marginBottom: 12 }}
      onFinish={(v: { day: dayjs.Dayjs; name: string }) => {
        const weekend = v.day.day() === 0 || v.day.day() === 6;
        onAdd({ day: v.day.format('YYYY-MM-DD'), kind: weekend ? 'workday' : 'holiday', name: v.name });
        form.resetFields();
      }}
    >
      <Form.Item name="day" rules={[{ required: true, message: '请选择日期' }]} extra="工作日记为放假，周末记为调休上班">
        <DatePicker disabledDate={(d) => d.year() !== year} placeholder="日期" />
      </Form.Item>
      <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
        <Input placeholder="如 春节、国庆节调休上班" maxLength={30} />
      </Form.Item>
      <Button htmlType="submit" icon={<PlusOutlined />}>添加</Button>
    </Form>
  );
}
