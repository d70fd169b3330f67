import { Card, Col, Form, Grid, Input, Modal, Row, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { collectionsApi, type CollectionDetail, type Submission } from '../api.ts';
import { canReview } from '../deadline.ts';
import { OVERDUE_BG, ReviewButtons, RowsLink, shortTime, SubmissionCards, SubmissionNotes, SubmissionStatus } from './SubmissionParts.tsx';

/** The city's view of a campaign: a summary and every county's submission, with 通过 / 退回. */
export function CitySubmissions({ c, onChange }: { c: CollectionDetail; onChange(next: CollectionDetail): void }) {
  const [returning, setReturning] = useState<Submission | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  const open = c.status === 'open';
  const phone = Grid.useBreakpoint().md === false;

  const review = async (s: Submission, decision: 'accepted' | 'returned', note?: string) => {
    setBusy(true);
    try {
      onChange(await collectionsApi.review(c.id, { countyId: s.countyId, decision, note }));
      toast().success(decision === 'accepted' ? `已通过 ${s.countyName} 的报送` : `已退回 ${s.countyName} 的报送`);
      setReturning(null);
      form.resetFields();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const actions = (s: Submission) =>
    canReview(s, open) ? <ReviewButtons s={s} busy={busy} onAccept={() => void review(s, 'accepted')} onReturn={() => setReturning(s)} /> : null;

  const columns: TableColumnsType<Submission> = [
    { title: '县（市、区）', dataIndex: 'countyName', width: 120 },
    { title: '状态', key: 'status', width: 130, render: (_, s) => <SubmissionStatus s={s} /> },
    { title: '数据行数', dataIndex: 'rows', width: 90, align: 'right', render: (_: number, s) => <RowsLink s={s} collectionId={c.id} /> },
    { title: '导入次数', dataIndex: 'imports', width: 80, align: 'right' },
    { title: '错误行', dataIndex: 'errors', width: 80, align: 'right', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0) },
    { title: '最近活动', dataIndex: 'lastActivityAt', width: 110, render: shortTime },
    { title: '说明 / 审核意见', key: 'notes', render: (_, s) => <SubmissionNotes s={s} /> },
    { title: '审核', key: 'review', width: 130, render: (_, s) => actions(s) },
  ];

  const stats = [
    { title: '县（市、区）', value: c.summary.counties },
    { title: '已报送', value: c.summary.submitted, color: '#389e0d' },
    { title: '逾期', value: c.summary.overdue, color: c.summary.overdue ? '#cf1322' : undefined },
    { title: '数据行数', value: c.summary.rows },
  ];

  return (
    <>
      <Card size="small">
        <Row gutter={[16, 8]}>
          {stats.map((s) => (
            <Col key={s.title} xs={12} sm={6}>
              <Statistic title={s.title} value={s.value} styles={{ content: { color: s.color } }} />
            </Col>
          ))}
        </Row>
      </Card>
      <Card size="small" title="各县（市、区）报送情况" data-testid="submissions">
        {phone ? (
          <SubmissionCards rows={c.submissions} collectionId={c.id} actions={actions} />
        ) : (
          <Table<Submission>
            rowKey="countyId"
            size="middle"
            columns={columns.map((col) => ({ ...col, onCell: (s: Submission) => ({ style: s.overdue ? { background: OVERDUE_BG } : undefined }) }))}
            dataSource={c.submissions}
            pagination={false}
            scroll={{ x: 900 }}
            rowClassName={(s) => (s.overdue ? 'submission-overdue' : '')}
          />
        )}
      </Card>
      <Modal
        open={!!returning}
        title={`退回 ${returning?.countyName ?? ''} 的报送`}
        okText="退回"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setReturning(null)}
        onOk={() => form.validateFields().then((v) => returning && review(returning, 'returned', v.note.trim()), () => undefined)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="note" label="退回意见（县区可见）" rules={[{ required: true, whitespace: true, message: '退回时请填写意见' }]}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder="例如：缺少毕业院校和联系电话，请补充后重新报送" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
