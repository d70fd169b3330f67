import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { CreateExportRequestBodySchema } from '../../../../../contracts/talent-export.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { zodRule } from '../../../api/zodRule.ts';
import { exportApi } from './api.ts';

interface Props {
  open: boolean;
  filter: Record<string, string>;
  filterText: string[];
  total: number;
  onClose(): void;
}

/** 申请明文导出: the current filter and a required reason, for a city admin (not the requester) to approve. */
export function ExportRequestModal({ open, filter, filterText, total, onClose }: Props) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const { reason } = v;
    setBusy(true);
    try {
      await exportApi.request(filter, reason);
      toast().success({ content: '已提交导出申请。批准后请在左侧菜单“导出审批”中下载（仅限一次）', duration: 6 });
      form.resetFields();
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="申请导出未脱敏数据" open={open} onCancel={onClose} onOk={() => void submit()} okText="提交申请" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="未脱敏数据含完整证件号码和联系电话"
        description="须经市委人才办其他管理员批准；批准后 72 小时内可下载一次，下载和审批均记入审计日志。"
      />
      <Typography.Paragraph>
        导出范围：{filterText.length ? filterText.join('；') : '全部（本人权限范围内）'}
        <br />
        当前共 <b>{total.toLocaleString('zh-CN')}</b> 人
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="导出理由" rules={[{ required: true, message: '请填写导出理由' }, zodRule(CreateExportRequestBodySchema.shape.reason)]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="例如：春节走访慰问，需向各乡镇提供联系方式" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
