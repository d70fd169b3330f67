import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Grid, List, Progress, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { COLLECTION_STATUS_LABELS } from '../../../../../contracts/collections.ts';
import { showError } from '../../../api/errors.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { collectionsApi, type Collection } from '../api.ts';
import { CreateCollectionModal } from '../components/CreateCollectionModal.tsx';
import { deadlineInfo } from '../deadline.ts';

/** 信息统计: the campaigns; the city starts one, a county sees how its own submission stands. */
export default function CollectionsPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const city = user.roles.some((r) => r.role === 'city_admin');
  const [rows, setRows] = useState<Collection[] | null>(null);
  const [creating, setCreating] = useState(false);
  const today = dayjs().format('YYYY-MM-DD');
  const phone = Grid.useBreakpoint().md === false;

  const load = useCallback(() => {
    collectionsApi.list().then(setRows, (e: unknown) => {
      showError(e);
      setRows([]);
    });
  }, []);
  useEffect(load, [load]);

  const progress = (c: Collection) =>
    city ? (
      <Flex align="center" gap={8}>
        <Progress percent={c.summary.counties ? Math.round((c.summary.submitted / c.summary.counties) * 100) : 0} size="small" showInfo={false} style={{ width: 90, margin: 0 }} />
        <span>{c.summary.submitted} / {c.summary.counties}</span>
        {c.summary.overdue > 0 && <Tag color="red">逾期 {c.summary.overdue}</Tag>}
      </Flex>
    ) : c.summary.submitted ? (
      <Tag color="success">已报送</Tag>
    ) : (
      <Tag color={c.summary.overdue ? 'red' : 'default'}>{c.summary.overdue ? '逾期未报送' : '未报送'}</Tag>
    );
  const deadlineCell = (c: Collection) => {
    const info = deadlineInfo(c.deadline, today, c.status === 'closed');
    return <>{c.deadline} <Tag color={info.color}>{info.text}</Tag></>;
  };

  const columns: TableColumnsType<Collection> = [
    { title: '标题', dataIndex: 'title', render: (t: string, c) => <Link to={`/collections/${c.id}`}>{t}</Link> },
    {
      title: '截止日期',
      dataIndex: 'deadline',
      width: 190,
      render: (_: string, c) => deadlineCell(c),
    },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: Collection['status']) => <Tag color={s === 'open' ? 'green' : 'default'}>{COLLECTION_STATUS_LABELS[s]}</Tag> },
    {
      title: city ? '报送进度' : '本县报送',
      key: 'progress',
      width: city ? 220 : 130,
      render: (_, c) => progress(c),
    },
    { title: '数据行数', key: 'rows', width: 100, align: 'right', render: (_, c) => c.summary.rows.toLocaleString('zh-CN') },
    { title: '发起时间', dataIndex: 'createdAt', width: 120, responsive: ['lg'], render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
  ];

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {city ? '市委人才办发起统计，各县（市、区）按通知导入数据并确认报送，市委人才办审核。' : '市委人才办发起的信息统计：请按通知导入本县数据，完成后确认报送。'}
        </Typography.Text>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={load} aria-label="刷新" />
          {city && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>发起信息统计</Button>}
        </Flex>
      </Flex>
      {phone ? (
        <List<Collection>
          loading={rows === null}
          dataSource={rows ?? []}
          rowKey="id"
          split={false}
          locale={{ emptyText: '暂无信息统计任务' }}
          renderItem={(c) => (
            <List.Item style={{ padding: '0 0 8px' }}>
              <Card size="small" style={{ width: '100%' }} onClick={() => navigate(`/collections/${c.id}`)}>
                <Flex justify="space-between" gap={8}>
                  <Link to={`/collections/${c.id}`}>{c.title}</Link>
                  {c.status === 'closed' && <Tag>{COLLECTION_STATUS_LABELS.closed}</Tag>}
                </Flex>
                <div style={{ margin: '6px 0' }}>截止 {deadlineCell(c)}</div>
                <Flex justify="space-between" align="center">{progress(c)}<span>{c.summary.rows.toLocaleString('zh-CN')} 行</span></Flex>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <Table<Collection>
          rowKey="id"
          columns={columns}
          dataSource={rows ?? []}
          loading={rows === null}
          pagination={false}
          scroll={{ x: 720 }}
          locale={{ emptyText: city ? '还没有信息统计，点击“发起信息统计”开始' : '暂无信息统计任务' }}
          onRow={(c) => ({ onClick: (e) => !(e.target as HTMLElement).closest('a') && navigate(`/collections/${c.id}`), style: { cursor: 'pointer' } })}
        />
      )}
      <CreateCollectionModal
        open={creating}
        onClose={(c) => {
          setCreating(false);
          if (c) navigate(`/collections/${c.id}`);
        }}
      />
    </Card>
  );
}
