import { ArrowLeftOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Result, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { COLLECTION_STATUS_LABELS } from '../../../../../contracts/collections.ts';
import { ApiError } from '../../../api/client.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { collectionsApi, type CollectionDetail } from '../api.ts';
import { CitySubmissions } from '../components/CitySubmissions.tsx';
import { CountySubmission } from '../components/CountySubmission.tsx';
import { deadlineInfo } from '../deadline.ts';

/** One 信息统计: notice and deadline; the city reviews every county, a county works on its own. */
export default function CollectionDetailPage() {
  const { id } = useParams();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const city = user.roles.some((r) => r.role === 'city_admin');
  const [c, setC] = useState<CollectionDetail | null>(null);
  const [missing, setMissing] = useState(false);

  const load = useCallback(() => {
    if (!id) return;
    collectionsApi.get(id).then(setC, (e: unknown) => (e instanceof ApiError && (e.status === 404 || e.status === 400) ? setMissing(true) : showError(e)));
  }, [id]);
  useEffect(load, [load]);
  useEffect(() => {
    if (c) document.title = `${c.title} · 信息统计 · 凤归`;
  }, [c]);

  if (missing) return <Result status="404" title="信息统计不存在" extra={<Button type="primary" onClick={() => navigate('/collections')}>返回信息统计</Button>} />;
  if (!c) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;

  const info = deadlineInfo(c.deadline, dayjs().format('YYYY-MM-DD'), c.status === 'closed');
  const close = () =>
    modal.confirm({
      title: `结束“${c.title}”？`,
      content: `结束后各县（市、区）不能再报送，也不能再审核。目前已报送 ${c.summary.submitted} / ${c.summary.counties} 个县（市、区）。`,
      okText: '结束统计',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          setC(await collectionsApi.close(c.id));
          toast().success('信息统计已结束');
        } catch (e) {
          showError(e);
        }
      },
    });

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" align="flex-start" wrap gap={8}>
          <Space wrap size={8} align="center" style={{ minWidth: 0 }}>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/collections')} aria-label="返回" />
            <Typography.Title level={4} style={{ margin: 0 }}>{c.title}</Typography.Title>
            <Tag color={c.status === 'open' ? 'green' : 'default'}>{COLLECTION_STATUS_LABELS[c.status]}</Tag>
          </Space>
          <Space>
            <Button icon={<ReloadOutlined />} onClick={load} aria-label="刷新" />
            {city && c.status === 'open' && <Button danger icon={<StopOutlined />} onClick={close}>结束统计</Button>}
          </Space>
        </Flex>
        <Flex wrap gap={8} align="center" style={{ margin: '8px 0 12px' }} data-testid="deadline">
          <span>截止日期：{c.deadline}</span>
          <Tag color={info.color}>{info.text}</Tag>
          <Typography.Text type="secondary">发起于 {dayjs(c.createdAt).format('YYYY-MM-DD')}</Typography.Text>
        </Flex>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0, background: '#fafafa', padding: 12, borderRadius: 6 }} ellipsis={{ rows: 4, expandable: 'collapsible', symbol: (open) => (open ? '收起' : '展开全文') }}>
          {c.notice}
        </Typography.Paragraph>
      </Card>
      {city ? (
        <CitySubmissions c={c} onChange={setC} />
      ) : c.submissions.length ? (
        c.submissions.map((s) => <CountySubmission key={s.countyId} c={c} s={s} several={c.submissions.length > 1} onChange={setC} />)
      ) : (
        <Card><Typography.Text type="secondary">您的账号未绑定县（市、区），没有需要报送的内容。</Typography.Text></Card>
      )}
    </Flex>
  );
}
