import { DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { CreateCollectionBodySchema } from '../../../../../contracts/collections.ts';
import { showError } from '../../../api/errors.ts';
import { zodRule } from '../../../api/zodRule.ts';
import { collectionsApi, type CollectionDetail } from '../api.ts';

interface Values {
  title: string;
  notice: string;
  deadline: Dayjs;
}

const NOTICE = '请各县（市、区）人才办按模板填报本地在外人才信息，于截止日期前通过系统导入并确认报送。';

/** 发起信息统计 (city): title, notice to the counties, deadline (today or later). */
export function CreateCollectionModal({ open, onClose }: { open: boolean; onClose(created?: CollectionDetail): void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const shape = CreateCollectionBodySchema.shape;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const c = await collectionsApi.create({ title: v.title, notice: v.notice, deadline: v.deadline.format('YYYY-MM-DD') });
      form.resetFields();
      onClose(c);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="发起信息统计" open={open} okText="发起" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => onClose()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ notice: NOTICE, deadline: dayjs().add(14, 'day') }}>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }, zodRule(shape.title)]}>
          <Input maxLength={60} placeholder="例如：2026 年度在外人才信息统计" />
        </Form.Item>
        <Form.Item name="deadline" label="截止日期" rules={[{ required: true, message: '请选择截止日期' }]} extra="截止日当天仍可报送，过了截止日未报送的县（市、区）标为逾期。">
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="notice" label="通知内容（各县区可见）" rules={[{ required: true, message: '请填写通知内容' }, zodRule(shape.notice)]}>
          <Input.TextArea rows={5} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
