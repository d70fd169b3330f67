import { Descriptions, Form, Input, Modal } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { exportApi, type ExportRequest } from './api.ts';

export type Decision = 'approve' | 'reject';

/** 批准 (optional note) or 驳回 (note required) one export request. */
export function DecideModal({ request, decision, onClose }: { request: ExportRequest; decision: Decision; onClose(changed: boolean): void }) {
  const [form] = Form.useForm<{ note?: string }>();
  const [busy, setBusy] = useState(false);
  const approve = decision === 'approve';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const { note } = v;
    setBusy(true);
    try {
      if (approve) await exportApi.approve(request.id, note?.trim() || undefined);
      else await exportApi.reject(request.id, note!.trim());
      toast().success(approve ? '已批准，申请人可在 72 小时内下载一次' : '已驳回');
      onClose(true);
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={approve ? '批准导出申请' : '驳回导出申请'}
      okText={approve ? '批准' : '驳回'}
      okButtonProps={{ danger: !approve }}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="申请人">{request.requestedByName ?? '—'}（{dayjs(request.createdAt).format('YYYY-MM-DD HH:mm')}）</Descriptions.Item>
        <Descriptions.Item label="导出范围">{request.filterText || '全部'}</Descriptions.Item>
        <Descriptions.Item label="人数">{request.rowCount ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="理由">{request.reason}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={approve ? '审批意见（可选）' : '驳回理由'} rules={approve ? [] : [{ required: true, whitespace: true, message: '请填写驳回理由' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
