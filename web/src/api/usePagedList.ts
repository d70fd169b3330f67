import type { TablePaginationConfig } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from './client.ts';
import { showError } from './errors.ts';

/**
 * A server-side paged list: filters + page/pageSize in, rows + antd pagination out.
 * Changing the filters goes back to page 1; errors go through the one error path.
 */
export function usePagedList<T, F>(fetchPage: (filters: F, page: number, pageSize: number) => Promise<Page<T>>, initial: F, initialPageSize = 20) {
  const [filters, setFiltersState] = useState<F>(initial);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [data, setData] = useState<Page<T>>({ items: [], total: 0, page: 1, pageSize: initialPageSize });
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    let live = true;
    setLoading(true);
    fetchRef
      .current(filters, page, pageSize)
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && showError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [filters, page, pageSize, tick]);

  const setFilters = useCallback((f: F) => {
    setFiltersState(f);
    setPage(1);
  }, []);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: data.total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (total) => `共 ${total} 条`,
    onChange: (p, ps) => {
      setPage(ps !== pageSize ? 1 : p);
      setPageSize(ps);
    },
  };
  return { rows: data.items, total: data.total, loading, filters, setFilters, reload, pagination };
}
