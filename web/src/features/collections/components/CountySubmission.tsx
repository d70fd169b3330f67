import { CheckCircleOutlined, CloudUploadOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Modal, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { SUBMISSION_STATUS_LABELS } from '../../../../../contracts/collections.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { collectionsApi, type CollectionDetail, type Submission } from '../api.ts';
import { canSubmit, SUBMISSION_COLORS } from '../deadline.ts';

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** A county's own submission: status, review note, 导入数据, its records, 确认报送完成. */
export function CountySubmission({ c, s, several, onChange }: { c: CollectionDetail; s: Submission; several: boolean; onChange(next: CollectionDetail): void }) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note?: string }>();
  const open = c.status === 'open';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const { note } = v;
    setBusy(true);
    try {
      onChange(await collectionsApi.submit(c.id, { countyId: several ? s.countyId : undefined, note: note?.trim() || undefined }));
      toast().success('已确认报送，等待市委人才办审核');
      setConfirming(false);
      form.resetFields();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={`${s.countyName}报送情况`} data-testid="county-submission">
      <Flex vertical gap={12}>
        {s.status === 'returned' && s.reviewNote && <Alert type="warning" showIcon title="市委人才办已退回，请修改后重新报送" description={`退回意见：${s.reviewNote}`} />}
        {s.status === 'accepted' && <Alert type="success" showIcon title={`市委人才办已审核通过${s.reviewNote ? `：${s.reviewNote}` : ''}`} />}
        {s.overdue && <Alert type="error" showIcon title="已超过截止日期，请尽快完成报送" />}
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label="状态">
            <Tag color={SUBMISSION_COLORS[s.status]}>{SUBMISSION_STATUS_LABELS[s.status]}</Tag>
            {s.overdue && <Tag color="red">逾期</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="已导入人数">{s.rows.toLocaleString('zh-CN')}</Descriptions.Item>
          <Descriptions.Item label="导入次数">{s.imports}{s.errors ? `（最近一次有 ${s.errors} 行错误）` : ''}</Descriptions.Item>
          <Descriptions.Item label="最近活动">{time(s.lastActivityAt)}</Descriptions.Item>
          <Descriptions.Item label="报送时间">{time(s.submittedAt)}</Descriptions.Item>
          {s.note && <Descriptions.Item label="报送说明">{s.note}</Descriptions.Item>}
        </Descriptions>
        <Flex gap={8} wrap>
          {open && s.status !== 'accepted' && (
            <Button icon={<CloudUploadOutlined />} type={s.rows ? 'default' : 'primary'} onClick={() => navigate(`/talents/import?campaignId=${c.id}`)}>导入数据</Button>
          )}
          <Button icon={<TeamOutlined />} onClick={() => navigate(`/talents?campaignId=${c.id}`)}>查看本次报送的人才</Button>
          {canSubmit(s, open) && (
            <Button type={s.rows ? 'primary' : 'default'} icon={<CheckCircleOutlined />} onClick={() => setConfirming(true)}>确认报送完成</Button>
          )}
        </Flex>
      </Flex>
      <Modal open={confirming} title="确认报送完成" okText="确认报送" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={() => setConfirming(false)} destroyOnHidden>
        <p>
          {s.rows ? <>本县已导入 <b>{s.rows.toLocaleString('zh-CN')}</b> 人。</> : '本县尚未导入数据；如确无需要报送的人员，可直接确认并在说明中注明。'}
          确认后由市委人才办审核；审核前不能再次报送，如被退回可修改后重新报送。
        </p>
        <Form form={form} layout="vertical">
          <Form.Item name="note" label="报送说明（可选）">
            <Input.TextArea rows={3} maxLength={500} showCount placeholder="例如：本县共摸排 120 人，其中 3 人暂未取得联系方式" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
