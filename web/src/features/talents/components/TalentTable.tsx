import { ConfigProvider, Table, Tag, Tooltip, Typography, type TableColumnsType, type TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { CATEGORIES, DEGREES, STATUSES, TITLE_LEVELS } from '../../../../../contracts/talents.ts';
import type { TalentListItem } from '../api.ts';
import { genderAge, STATUS_COLORS, TIER_COLORS, type NameLookups } from '../labels.ts';
import type { TalentSort } from '../query.ts';

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const twoLines = (a: string | null, b: string | null) =>
  a || b ? (
    <>
      <div>{a ?? '—'}</div>
      {b && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{b}</Typography.Text>}
    </>
  ) : (
    dash
  );

export function StatusTag({ status }: { status: TalentListItem['status'] }) {
  return <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>{STATUSES[status]}</Tag>;
}

export function TierTag({ tier, lookups }: { tier: string | null; lookups: NameLookups }) {
  if (!tier) return dash;
  return (
    <Tooltip title={lookups.tiers.get(tier)}>
      <Tag color={TIER_COLORS[tier] ?? 'default'} style={{ marginInlineEnd: 0 }}>{tier}类</Tag>
    </Tooltip>
  );
}

export function phonesText(p: string[]): ReactNode {
  if (!p.length) return dash;
  return p.length > 1 ? `${p[0]} 等 ${p.length} 个` : p[0];
}

/** Which column sorts by which server sort, and back. */
const SORT_KEYS: Record<string, [TalentSort, TalentSort]> = { name: ['name', '-name'], birth: ['-birthDate', 'birthDate'], updatedAt: ['updatedAt', '-updatedAt'] };
const orderOf = (key: string, sort: TalentSort) => (SORT_KEYS[key]![0] === sort ? 'ascend' : SORT_KEYS[key]![1] === sort ? 'descend' : null);

interface Props {
  rows: TalentListItem[];
  loading: boolean;
  sort: TalentSort;
  lookups: NameLookups;
  pagination: TablePaginationConfig;
  activeIndex: number;
  empty: ReactNode;
  onSort(sort: TalentSort | undefined): void;
  onOpen(id: string): void;
}

/** The registry as a table (desktop and tablet). */
export function TalentTable({ rows, loading, sort, lookups, pagination, activeIndex, empty, onSort, onOpen }: Props) {
  const today = dayjs().format('YYYY-MM-DD');
  const box = useRef<HTMLDivElement>(null);
  // Keep the row picked with ↑/↓ in view.
  useEffect(() => {
    if (activeIndex >= 0) box.current?.querySelector('.ant-table-row-selected')?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);
  const columns: TableColumnsType<TalentListItem> = [
    {
      title: '姓名',
      dataIndex: 'name',
      key: 'name',
      width: 96,
      fixed: 'left',
      sorter: true,
      sortOrder: orderOf('name', sort),
      render: (name: string, t) => <Link to={`/talents/${t.id}`} style={{ fontWeight: 500 }}>{name}</Link>,
    },
    { title: '性别/年龄', key: 'birth', width: 108, sorter: true, sortOrder: orderOf('birth', sort), render: (_, t) => genderAge(t.gender, t.birthDate, today) },
    { title: '所属县区', dataIndex: 'ownerCountyName', width: 84, render: (v: string | null) => v ?? dash },
    { title: '工作单位/职务', key: 'work', width: 210, render: (_, t) => twoLines(t.employer, t.position) },
    { title: '现居地', dataIndex: 'locationName', width: 140, ellipsis: { showTitle: true }, responsive: ['lg'], render: (v: string | null) => v ?? dash },
    { title: '学历/院校', key: 'edu', width: 140, render: (_, t) => twoLines(t.degree ? DEGREES[t.degree] : null, t.school) },
    { title: '职称', dataIndex: 'titleLevel', width: 72, responsive: ['xxl'], render: (v: keyof typeof TITLE_LEVELS | null) => (v ? TITLE_LEVELS[v] : dash) },
    { title: '层级', dataIndex: 'tier', width: 64, render: (v: string | null) => <TierTag tier={v} lookups={lookups} /> },
    { title: '类别', dataIndex: 'category', width: 100, responsive: ['xl'], render: (v: keyof typeof CATEGORIES) => CATEGORIES[v] },
    { title: '联系电话', dataIndex: 'phonesMasked', width: 140, responsive: ['xl'], render: phonesText },
    {
      title: '更新时间',
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      width: 104,
      responsive: ['xxl'],
      sorter: true,
      sortOrder: orderOf('updatedAt', sort),
      render: (v: string) => <Tooltip title={dayjs(v).format('YYYY-MM-DD HH:mm:ss')}>{dayjs(v).format('YYYY-MM-DD')}</Tooltip>,
    },
    // Pinned right, so the status stays in view when the table scrolls sideways.
    { title: '状态', dataIndex: 'status', width: 104, fixed: 'right', render: (v: TalentListItem['status']) => <StatusTag status={v} /> },
  ];

  return (
    <div ref={box}>
      <ConfigProvider theme={{ components: { Table: { rowSelectedBg: '#d9e7fb', rowSelectedHoverBg: '#cfe0fa' } } }}>
        <Table<TalentListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={pagination}
          scroll={{ x: 'max-content' }}
          sortDirections={['ascend', 'descend']}
          rowClassName={(_, i) => (i === activeIndex ? 'ant-table-row-selected' : '')}
          onRow={(t) => ({ onDoubleClick: () => onOpen(t.id) })}
          onChange={(_p, _f, sorter, extra) => {
            if (extra.action !== 'sort') return;
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<TalentListItem> | undefined;
            const pair = s?.columnKey ? SORT_KEYS[String(s.columnKey)] : undefined;
            onSort(pair && s?.order ? pair[s.order === 'ascend' ? 0 : 1] : undefined);
          }}
          locale={{ emptyText: empty }}
        />
      </ConfigProvider>
    </div>
  );
}
