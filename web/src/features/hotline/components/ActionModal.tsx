import { Form, Input, Modal, Radio, Rate, Select } from 'antd';
import { useEffect, useState } from 'react';
import { HOTLINE_OUTCOMES } from '../../../../../contracts/hotline.ts';
import { showError } from '../../../api/errors.ts';
import { hotlineApi, type HotlineCaseDetail, type StaffOption } from '../api.ts';
import { levelToCounty, useLevels } from '../useLevels.ts';

export type ActionKind = 'accept' | 'transfer' | 'assign' | 'wait' | 'resume' | 'answer' | 'close' | 'cancel' | 'follow-up' | 'reopen' | 'notes';

export const ACTION_TITLES: Record<ActionKind, string> = {
  accept: '受理',
  transfer: '转办',
  assign: '指派承办人',
  wait: '等待来电人（暂停计时）',
  resume: '恢复办理',
  answer: '答复来电人',
  close: '办结',
  cancel: '撤销诉求',
  'follow-up': '回访',
  reopen: '重新办理',
  notes: '添加备注',
};

const NOTE_REQUIRED: ActionKind[] = ['transfer', 'wait', 'cancel', 'follow-up', 'reopen', 'notes'];
const outcomeOptions = Object.entries(HOTLINE_OUTCOMES).map(([value, label]) => ({ value, label }));

interface Values {
  note?: string;
  level?: string;
  assigneeId?: string | null;
  answer?: string;
  outcome?: string;
  outcomeNote?: string;
  satisfaction?: number;
  resolved?: boolean;
}

/** One dialog for every action on a case; the fields follow the action, errors land on them. */
export function ActionModal({ kind, c, onClose, onDone }: { kind: ActionKind | null; c: HotlineCaseDetail; onClose: () => void; onDone: (c: HotlineCaseDetail) => void }) {
  const [form] = Form.useForm<Values>();
  const levels = useLevels();
  const [staff, setStaff] = useState<StaffOption[]>([]);
  const [saving, setSaving] = useState(false);
  const level = Form.useWatch('level', form);
  const resolved = Form.useWatch('resolved', form);

  useEffect(() => {
    if (!kind) return;
    form.resetFields();
    form.setFieldsValue({ level: c.countyId ?? 'city', assigneeId: c.assigneeId, answer: c.answer ?? undefined, resolved: true });
  }, [kind, c, form]);
  useEffect(() => {
    if (kind !== 'transfer' && kind !== 'assign') return;
    const lv = kind === 'assign' ? c.countyId : levelToCounty(level);
    hotlineApi.staff(lv).then((s) => setStaff(s.filter((x, i, a) => a.findIndex((y) => y.id === x.id) === i)), showError);
  }, [kind, level, c.countyId]);

  if (!kind) return null;
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    const body: Record<string, unknown> = { version: c.version };
    if (v.note) body.note = v.note;
    if (kind === 'transfer') Object.assign(body, { countyId: levelToCounty(v.level), assigneeId: v.assigneeId ?? null });
    if (kind === 'assign') body.assigneeId = v.assigneeId ?? null;
    if (kind === 'answer') body.answer = v.answer;
    if (kind === 'close') Object.assign(body, { outcome: v.outcome, outcomeNote: v.outcomeNote || null, answer: v.answer || null });
    if (kind === 'follow-up') Object.assign(body, { satisfaction: v.satisfaction, resolved: v.resolved, outcome: v.outcome });
    if (kind === 'notes') delete body.version;
    try {
      onDone(await hotlineApi.act(c.id, kind, body));
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };
  const needsOutcome = kind === 'close' || (kind === 'follow-up' && resolved && c.status === 'follow_up');
  return (
    <Modal
      open
      title={`${ACTION_TITLES[kind]} · ${c.number}`}
      okText={kind === 'cancel' ? '确认撤销' : '确定'}
      okButtonProps={{ danger: kind === 'cancel', loading: saving }}
      cancelText="取消"
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {kind === 'transfer' && (
          <Form.Item name="level" label="转至" rules={[{ required: true, message: '请选择承办层级' }]}>
            <Select showSearch optionFilterProp="label" options={levels.all} onChange={() => form.setFieldValue('assigneeId', null)} />
          </Form.Item>
        )}
        {(kind === 'transfer' || kind === 'assign') && (
          <Form.Item name="assigneeId" label="承办人" extra={kind === 'transfer' ? '可不指定，由该层级热线分派' : undefined}>
            <Select allowClear showSearch optionFilterProp="label" placeholder="不指定" options={staff.map((s) => ({ value: s.id, label: s.displayName }))} />
          </Form.Item>
        )}
        {(kind === 'answer' || kind === 'close') && (
          <Form.Item name="answer" label="答复内容" extra="来电人可在一家人云服务平台看到答复" rules={kind === 'answer' ? [{ required: true, whitespace: true, message: '请填写答复内容' }] : []}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
          </Form.Item>
        )}
        {kind === 'follow-up' && (
          <>
            <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请选择满意度' }]}>
              <Rate tooltips={['很不满意', '不满意', '一般', '满意', '很满意']} />
            </Form.Item>
            <Form.Item name="resolved" label="问题是否解决">
              <Radio.Group options={[{ value: true, label: '已解决' }, { value: false, label: '未解决，重新办理' }]} />
            </Form.Item>
          </>
        )}
        {needsOutcome && (
          <Form.Item name="outcome" label="办理结果" rules={[{ required: true, message: '请选择办理结果' }]}>
            <Select options={outcomeOptions} placeholder="就业落地、投资兴业、项目合作……" />
          </Form.Item>
        )}
        {kind === 'close' && (
          <Form.Item name="outcomeNote" label="结果说明">
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} placeholder="如 已入职某公司、项目已签约" />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={kind === 'cancel' ? '撤销原因' : kind === 'follow-up' ? '回访记录' : '说明'}
          rules={NOTE_REQUIRED.includes(kind) ? [{ required: true, whitespace: true, message: '请填写说明' }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
