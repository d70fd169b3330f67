import { Card, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router-dom';
import { usePagedList } from '../../../api/usePagedList.ts';
import { importApi, type ImportSummary } from './api.ts';
import { importStage, STAGE_COLORS, STAGE_LABELS } from './importText.ts';

/** 最近的导入: own imports (a city admin sees everyone's), newest first, each reopenable. */
export function RecentImports({ cityWide }: { cityWide: boolean }) {
  const list = usePagedList((_: null, page: number, pageSize: number) => importApi.list(page, pageSize), null, 10);
  if (!list.loading && list.total === 0) return null;
  const columns: TableColumnsType<ImportSummary> = [
    { title: '文件', dataIndex: 'fileName', ellipsis: true, render: (name: string, i) => <Link to={`/talents/import?id=${i.id}`}>{name}</Link> },
    ...(cityWide ? [{ title: '上传人', dataIndex: 'createdByName', width: 110, ellipsis: true, render: (v: string | null) => v ?? '—' }] : []),
    { title: '上传时间', dataIndex: 'createdAt', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    {
      title: '状态',
      key: 'stage',
      width: 110,
      render: (_, i) => {
        const s = importStage(i);
        return <Tag color={STAGE_COLORS[s]}>{STAGE_LABELS[s]}</Tag>;
      },
    },
    { title: '信息统计', dataIndex: 'campaignId', width: 100, responsive: ['md'], render: (c: string | null) => (c ? <Link to={`/collections/${c}`}>查看</Link> : '—') },
  ];
  return (
    <Card size="small" title={cityWide ? '最近的导入（全市）' : '我最近的导入'}>
      <Table<ImportSummary> size="small" rowKey="id" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.total > 10 ? list.pagination : false} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>“待确认”的导入可打开继续核对并确认导入。</Typography.Text>
    </Card>
  );
}
