import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { showError } from '../../../api/errors.ts';

/** Asks for the reason of a refusal (shown to the talent) and runs `onSubmit` with it. */
export function ReasonModal({ title, hint, onSubmit, onClose }: { title: string; hint: string; onSubmit(reason: string): Promise<void>; onClose(): void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      await onSubmit(reason);
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} okText="退回" okButtonProps={{ danger: true, loading: busy }} cancelText="取消" onOk={ok} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="退回原因（本人可见）" extra={hint} rules={[{ required: true, message: '请填写退回原因' }, { min: 2, message: '请填写退回原因（至少 2 个字）' }]}>
          <Input.TextArea rows={4} maxLength={500} showCount autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
