import { FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Drawer, Empty, Flex, Grid, Result, Select, type TablePaginationConfig } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useCurrentUser } from '../../../app/session.tsx';
import { hasAnyRole, TALENT_WRITERS } from '../access.ts';
import { ActiveFilters } from '../components/ActiveFilters.tsx';
import { FacetPanel } from '../components/FacetPanel.tsx';
import { SavedViews } from '../components/SavedViews.tsx';
import { TalentCards } from '../components/TalentCards.tsx';
import { TalentListToolbar } from '../components/TalentListToolbar.tsx';
import { TalentSearchBox } from '../components/TalentSearchBox.tsx';
import { TalentTable } from '../components/TalentTable.tsx';
import { useLookups } from '../hooks/useLookups.ts';
import { useTalentQuery } from '../hooks/useTalentQuery.ts';
import { useTalentSearch } from '../hooks/useTalentSearch.ts';
import {
  activeFilters,
  clearFilters,
  continuesTyping,
  DEFAULT_SORT,
  isFiltered,
  PAGE_SIZES,
  removeFilter,
  setFilter,
  SORT_LABELS,
  toggleFacet,
  type TalentSort,
} from '../query.ts';

const sortOptions = Object.entries(SORT_LABELS).map(([value, label]) => ({ value, label }));

/** 人才信息库: one search box, facets, sort, saved views; the whole state lives in the URL. */
export default function TalentListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const { query, setQuery } = useTalentQuery();
  const list = useTalentSearch(query);
  const lookups = useLookups();
  const [drawer, setDrawer] = useState(false);
  const [active, setActive] = useState(-1);
  const canCreate = hasAnyRole(user, TALENT_WRITERS);
  const filterCount = activeFilters(query).length;

  useEffect(() => setActive(-1), [list.items]);
  // A page past the end (the list shrank since the link was made): go to the last page.
  useEffect(() => {
    if (!list.loading && list.loaded && !list.items.length && list.total > 0 && query.page > 1) {
      setQuery({ ...query, page: Math.ceil(list.total / query.pageSize) }, { replace: true });
    }
  }, [list.loading, list.loaded, list.items.length, list.total, query, setQuery]);

  const navigateRows = (key: 'up' | 'down' | 'open') => {
    const n = list.items.length;
    if (!n) return false;
    if (key === 'open') {
      const row = list.items[active];
      if (row) navigate(`/talents/${row.id}`);
      return !!row;
    }
    setActive((i) => (key === 'down' ? Math.min(n - 1, i + 1) : Math.max(-1, i - 1)));
    return true;
  };

  const pagination: TablePaginationConfig = {
    current: query.page,
    pageSize: query.pageSize,
    total: list.total,
    showSizeChanger: !phone,
    pageSizeOptions: [...PAGE_SIZES],
    showTotal: (t) => `共 ${t.toLocaleString('zh-CN')} 人`,
    onChange: (page, pageSize) => {
      setQuery({ ...query, page: pageSize !== query.pageSize ? 1 : page, pageSize });
      window.scrollTo({ top: 0 });
    },
  };

  // Nothing (not "no records") until the first answer arrives.
  const empty = !list.loaded && !list.failed ? (
    <div style={{ height: 240 }} />
  ) : list.failed ? (
    <Result status="warning" title="加载失败" subTitle="人才列表暂时无法加载，请稍后重试。" extra={<Button icon={<ReloadOutlined />} onClick={list.reload}>重试</Button>} />
  ) : (
    <Empty
      description={isFiltered(query) ? '无匹配的人才' : '人才库中还没有记录'}
      style={{ margin: '32px 0' }}
    >
      {isFiltered(query) ? (
        <span style={{ color: '#888' }}>
          试试更短的关键词、拼音或首字母（如 wangwei、wwf），或
          <Button type="link" size="small" onClick={() => setQuery(clearFilters(query))}>清除筛选条件</Button>
        </span>
      ) : canCreate ? (
        <Button type="primary" onClick={() => navigate('/talents/new')}>新增第一位人才</Button>
      ) : null}
    </Empty>
  );

  const facetPanel = (
    <FacetPanel
      facets={list.facets}
      query={query}
      lookups={lookups}
      onToggle={(f, v) => setQuery(toggleFacet(query, f, v))}
      onSet={(k, v) => setQuery(setFilter(query, k, v))}
    />
  );

  return (
    <Flex gap={16} align="flex-start">
      {!phone && (
        <Card size="small" title="筛选" style={{ width: 248, flex: 'none', position: 'sticky', top: 16 }} styles={{ body: { maxHeight: 'calc(100vh - 140px)', overflowY: 'auto' } }}>
          {facetPanel}
        </Card>
      )}
      <Card style={{ flex: 1, minWidth: 0 }} styles={{ body: phone ? { padding: 12 } : undefined }}>
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <TalentSearchBox
              value={query.q}
              autoFocus={!phone}
              onCommit={(t) => setQuery(setFilter(query, 'q', t), { replace: continuesTyping(query.q, t) })}
              onNavigate={phone ? undefined : navigateRows}
              compact={phone}
            />
          </div>
          {phone ? (
            <Badge count={filterCount} size="small">
              <Button size="large" icon={<FilterOutlined />} onClick={() => setDrawer(true)} aria-label="筛选" />
            </Badge>
          ) : (
            <Select<TalentSort>
              size="large"
              value={query.sort}
              options={sortOptions}
              onChange={(sort) => setQuery({ ...query, sort, page: 1 })}
              style={{ width: 190 }}
              aria-label="排序"
            />
          )}
          <SavedViews query={query} onPick={(q) => setQuery(q)} compact={phone} />
        </Flex>
        <ActiveFilters query={query} lookups={lookups} onRemove={(f) => setQuery(removeFilter(query, f))} onClearText={() => setQuery(setFilter(query, 'q', undefined))} onClear={() => setQuery(clearFilters(query))} />
        <TalentListToolbar query={query} total={list.total} loaded={list.loaded} canCreate={canCreate} />
        {phone ? (
          <TalentCards rows={list.items} loading={list.loading} lookups={lookups} pagination={pagination} empty={empty} />
        ) : (
          <TalentTable
            rows={list.items}
            loading={list.loading}
            sort={query.sort}
            lookups={lookups}
            pagination={pagination}
            activeIndex={active}
            empty={empty}
            onSort={(sort) => setQuery({ ...query, sort: sort ?? DEFAULT_SORT, page: 1 })}
            onOpen={(id) => navigate(`/talents/${id}`)}
          />
        )}
      </Card>
      {phone && (
        <Drawer
          title="筛选"
          placement="bottom"
          size="85%"
          open={drawer}
          onClose={() => setDrawer(false)}
          extra={<Button type="primary" onClick={() => setDrawer(false)}>查看 {list.total.toLocaleString('zh-CN')} 人</Button>}
        >
          <Select<TalentSort> value={query.sort} options={sortOptions} onChange={(sort) => setQuery({ ...query, sort, page: 1 })} style={{ width: '100%', marginBottom: 16 }} prefix="排序" />
          {facetPanel}
        </Drawer>
      )}
    </Flex>
  );
}
