import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, List, Radio, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { RIGHTS_STATUSES, RIGHTS_TYPES } from '../../../../contracts/portal-admin.ts';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { PageTitle } from '../PortalLayout.tsx';
import { portal, type RightsRequest } from '../api.ts';

const COLORS = { pending: 'gold', completed: 'green', refused: 'red' } as const;

/** 我的权利: download my data, ask for a correction or deletion, follow the answers (30 days). */
export default function RightsPage() {
  const [form] = Form.useForm<{ type: 'correction' | 'deletion'; detail: string }>();
  const { modal } = App.useApp();
  const [rows, setRows] = useState<RightsRequest[] | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => portal.rightsRequests().then(setRows, showError), []);
  useEffect(() => {
    void load();
  }, [load]);

  const send = async (v: { type: 'correction' | 'deletion'; detail: string }) => {
    setBusy(true);
    try {
      await portal.requestRights(v);
      toast().success('申请已提交，我们将在 30 日内答复');
      form.resetFields();
      await load();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };
  const submit = (v: { type: 'correction' | 'deletion'; detail: string }) => {
    if (v.type !== 'deletion') return void send(v);
    modal.confirm({
      title: '申请删除个人信息',
      content: '办结后，您的平台账号将注销，登记信息按申请删除，且不可恢复。确定提交吗？',
      okText: '确定提交',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => send(v),
    });
  };

  return (
    <>
      <PageTitle>我的权利</PageTitle>
      <Card title="下载我的个人信息">
        <div style={{ color: '#666', marginBottom: 12 }}>包括账号、登记信息、同意记录、修改和求助记录。文件含完整证件号码，请妥善保管。</div>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button block icon={<FileTextOutlined />} href="/api/portal/my-data.html" target="_blank">查看可打印版（网页）</Button>
          <Button block icon={<DownloadOutlined />} href="/api/portal/my-data" download>下载数据文件（JSON）</Button>
        </Space>
      </Card>
      <Card title="申请更正或删除">
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} initialValues={{ type: 'correction' }}>
          <Form.Item name="type" label="申请类型">
            <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'correction', label: '更正信息' }, { value: 'deletion', label: '删除信息并注销' }]} />
          </Form.Item>
          <Form.Item name="detail" label="申请内容" rules={[{ required: true, message: '请说明需要更正或删除的内容' }, { min: 2, message: '请说明需要更正或删除的内容' }]}>
            <Input.TextArea rows={4} maxLength={2000} placeholder="如：工作单位登记有误，应为……" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>提交申请</Button>
        </Form>
        <div style={{ marginTop: 12, color: '#666' }}>
          撤回同意请到 <Link to="/portal/consent">个人信息保护</Link>。
        </div>
      </Card>
      <Card title="我的申请">
        {rows && rows.length === 0 ? (
          <Empty description="还没有申请" />
        ) : (
          <List
            loading={!rows}
            dataSource={rows ?? []}
            renderItem={(r) => (
              <List.Item style={{ display: 'block', paddingInline: 0 }} data-testid="rights-request">
                <Space wrap>
                  <Tag>{RIGHTS_TYPES[r.type]}</Tag>
                  <Tag color={COLORS[r.status]}>{RIGHTS_STATUSES[r.status]}</Tag>
                  <span style={{ color: '#888', fontSize: 13 }}>{dayjs(r.createdAt).format('YYYY-MM-DD')} 提交{r.status === 'pending' ? `，${dayjs(r.dueAt).format('YYYY-MM-DD')} 前答复` : ''}</span>
                </Space>
                <div style={{ marginTop: 4, whiteSpace: 'pre-wrap' }}>{r.detail}</div>
                {r.outcome && <div style={{ marginTop: 6, background: '#fafafa', padding: 8, borderRadius: 6 }}>办理情况：{r.outcome}</div>}
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
