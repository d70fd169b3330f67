import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Flex, Input, Segmented, Select } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { HOTLINE_CATEGORIES, HOTLINE_SOURCES } from '../../../../../contracts/hotline.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { hotlineApi, type CaseFilters } from '../api.ts';
import { CaseTable } from '../components/CaseTable.tsx';
import { useLevels } from '../useLevels.ts';

const STATUS_OPTIONS = [
  { value: 'open', label: '待办' },
  { value: 'new', label: '新建' },
  { value: 'in_progress', label: '处理中' },
  { value: 'follow_up', label: '待回访' },
  { value: 'closed', label: '已办结' },
  { value: 'cancelled', label: '已撤销' },
  { value: '', label: '全部' },
];
const opts = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

/** 诉求列表: the queue in the user's scope; rows near or past an SLA target are tinted. */
export default function HotlineCasesPage() {
  const navigate = useNavigate();
  const levels = useLevels();
  const [params] = useSearchParams();
  const initial: CaseFilters = { status: params.get('status') ?? 'open', sla: params.get('sla') ?? undefined, mine: params.get('mine') ?? undefined };
  const { rows, loading, filters, setFilters, pagination, reload } = usePagedList((f: CaseFilters, p, ps) => hotlineApi.list(f, p, ps), initial);
  const set = (patch: Partial<CaseFilters>) => setFilters({ ...filters, ...patch });
  return (
    <Card>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} align="center">
        <Segmented value={filters.status ?? ''} options={STATUS_OPTIONS} onChange={(v) => set({ status: (v as string) || undefined })} />
        <Select allowClear placeholder="类别" style={{ width: 110 }} options={opts(HOTLINE_CATEGORIES)} value={filters.category} onChange={(v) => set({ category: v })} />
        <Select allowClear placeholder="承办层级" style={{ width: 140 }} options={levels.all} value={filters.level} onChange={(v) => set({ level: v })} />
        <Select allowClear placeholder="来源" style={{ width: 110 }} options={opts(HOTLINE_SOURCES)} value={filters.source} onChange={(v) => set({ source: v })} />
        <Select
          allowClear
          placeholder="时限"
          style={{ width: 120 }}
          value={filters.sla}
          onChange={(v) => set({ sla: v })}
          options={[{ value: 'near', label: '临近超时' }, { value: 'overdue', label: '已超时' }, { value: 'paused', label: '暂停计时' }]}
        />
        <Checkbox checked={!!filters.mine} onChange={(e) => set({ mine: e.target.checked ? '1' : undefined })}>我承办的</Checkbox>
        <Input.Search allowClear placeholder="编号、标题、来电人、内容" style={{ width: 220 }} onSearch={(q) => set({ q: q || undefined })} />
        <Input.Search allowClear placeholder="来电号码" style={{ width: 170 }} onSearch={(p) => set({ phone: p || undefined })} />
        <Flex gap={8} style={{ marginLeft: 'auto' }}>
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新" />
          <Button type="primary" icon={<PhoneOutlined />} onClick={() => navigate('/hotline/intake')}>来电登记</Button>
        </Flex>
      </Flex>
      <CaseTable rows={rows} loading={loading} pagination={pagination} />
    </Card>
  );
}
