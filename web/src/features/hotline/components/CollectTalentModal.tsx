import { Alert, DatePicker, Form, Input, List, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { DEGREES, GENDERS } from '../../../../../contracts/talents.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { hotlineApi, type CollectResult, type HotlineCaseDetail } from '../api.ts';
import { useLevels } from '../useLevels.ts';

interface Values {
  name: string;
  gender?: string;
  birthDate?: Dayjs;
  ownerCountyId?: string;
  employer?: string;
  position?: string;
  specialty?: string;
  degree?: string;
  email?: string;
  remarks?: string;
}

const opts = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

/**
 * 信息收集: registers the caller in the talent registry or updates their record, by the registry's
 * duplicate rules (the server decides; several candidates → the operator picks one).
 */
export function CollectTalentModal({ open, c, onClose, onDone }: { open: boolean; c: HotlineCaseDetail; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const levels = useLevels();
  const [saving, setSaving] = useState(false);
  const [choose, setChoose] = useState<CollectResult['candidates'] | null>(null);
  const counties = levels.all.filter((l) => l.value !== 'city').map((l) => ({ value: l.value, label: l.label.replace(/热线$/, '') }));

  const send = async (mode: 'auto' | 'create' | 'update', talentId?: string) => {
    const v = await form.validateFields();
    const fields: Record<string, unknown> = { ...v, birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : undefined };
    for (const k of Object.keys(fields)) if (fields[k] === undefined || fields[k] === '') delete fields[k];
    setSaving(true);
    try {
      const r = await hotlineApi.collect(c.id, { mode, talentId, fields });
      if (r.result === 'choose') {
        setChoose(r.candidates);
        return;
      }
      toast().success(r.result === 'created' ? '已在人才库登记（来源：返乡热线）' : '已更新人才信息');
      setChoose(null);
      onDone();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title="登记 / 更新人才信息" okText="按查重规则保存" cancelText="取消" okButtonProps={{ loading: saving }} onOk={() => void send('auto').catch(() => undefined)} onCancel={onClose} destroyOnHidden width={640}>
      <Typography.Paragraph type="secondary">
        按人才库的查重规则（证件号、电话、姓名+出生日期、姓名+单位）匹配：唯一匹配则更新该人员，无匹配则新建（来源“返乡热线”），来电号码自动加入联系电话。
      </Typography.Paragraph>
      {choose && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="找到多个可能是同一人的记录，请选择要更新的一条，或新建"
          description={
            <List
              size="small"
              dataSource={choose}
              footer={<a onClick={() => void send('create')}>都不是，新建人员</a>}
              renderItem={(t) => (
                <List.Item actions={[<a key="u" onClick={() => void send('update', t.id)}>更新此人</a>]}>
                  {t.name} · {t.ownerCountyName} · {t.employer ?? '—'}（{t.reasons.join('、')}）
                </List.Item>
              )}
            />
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ name: c.talent?.name ?? c.callerName ?? undefined, ownerCountyId: c.countyId ?? undefined }}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="ownerCountyId" label="所属县（市、区）" extra="新建时必填；更新时不改变归属" >
          <Select allowClear options={counties} />
        </Form.Item>
        <Form.Item name="gender" label="性别"><Select allowClear options={opts(GENDERS)} /></Form.Item>
        <Form.Item name="birthDate" label="出生日期"><DatePicker style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="employer" label="工作单位"><Input maxLength={100} /></Form.Item>
        <Form.Item name="position" label="职务"><Input maxLength={60} /></Form.Item>
        <Form.Item name="specialty" label="专业领域"><Input maxLength={100} /></Form.Item>
        <Form.Item name="degree" label="最高学历"><Select allowClear options={opts(DEGREES)} /></Form.Item>
        <Form.Item name="email" label="电子邮箱"><Input maxLength={120} /></Form.Item>
        <Form.Item name="remarks" label="备注"><Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} /></Form.Item>
      </Form>
    </Modal>
  );
}
