import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Flex, Row, Segmented, Select, Spin, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { HOTLINE_CATEGORIES } from '../../../../../contracts/hotline.ts';
import { showError } from '../../../api/errors.ts';
import { hotlineApi, type HotlineStats, type StatsFilters } from '../api.ts';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { workingTime } from '../labels.tsx';
import { useLevels } from '../useLevels.ts';

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);
const mins = (m: number | null) => (m === null ? '—' : workingTime(Math.round(m)));
const bar = (list: { label: string; count: number }[], color = '#1677ff', rotate = list.length > 8 ? 40 : 0): ChartOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 40, right: 16, top: 24, bottom: rotate ? 56 : 32 },
  xAxis: { type: 'category', data: list.map((x) => x.label), axisLabel: { interval: 0, rotate } },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', data: list.map((x) => x.count), itemStyle: { color }, barMaxWidth: 36, label: { show: list.length <= 12, position: 'top' } }],
});
const pie = (list: { label: string; count: number }[]): ChartOption => ({
  tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
  legend: { bottom: 0 },
  series: [{ type: 'pie', radius: ['35%', '65%'], center: ['50%', '42%'], data: list.map((x) => ({ name: x.label, value: x.count })) }],
});

/** 热线统计: calls by category, level, period; response and resolution times; SLA; outcomes. */
export default function HotlineStatsPage() {
  const levels = useLevels();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(1, 'year').add(1, 'day'), dayjs()]);
  const [level, setLevel] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [period, setPeriod] = useState<'day' | 'week' | 'month'>('month');
  const [s, setS] = useState<HotlineStats | null>(null);
  const [loading, setLoading] = useState(true);
  const filters: StatsFilters = useMemo(() => ({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), level, category, period }), [range, level, category, period]);
  useEffect(() => {
    setLoading(true);
    hotlineApi.stats(filters).then(setS, showError).finally(() => setLoading(false));
  }, [filters]);

  const charts = useMemo(() => (s ? { cat: bar(s.byCategory), period: bar(s.byPeriod, '#13a8a8'), level: bar(s.byLevel.map((x) => ({ ...x, label: x.label.replace(/热线$/, '') })), '#722ed1', s.byLevel.length > 3 ? 40 : 0), outcome: pie(s.byOutcome), source: pie(s.bySource) } : null), [s]);
  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex wrap gap={8} align="center">
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          <Select allowClear placeholder="全部层级" style={{ width: 150 }} options={levels.all} value={level} onChange={setLevel} />
          <Select allowClear placeholder="全部类别" style={{ width: 120 }} options={Object.entries(HOTLINE_CATEGORIES).map(([value, label]) => ({ value, label }))} value={category} onChange={setCategory} />
          <Segmented value={period} onChange={(v) => setPeriod(v as typeof period)} options={[{ value: 'day', label: '按日' }, { value: 'week', label: '按周' }, { value: 'month', label: '按月' }]} />
          <Button icon={<DownloadOutlined />} href={hotlineApi.exportUrl(filters)} style={{ marginLeft: 'auto' }}>导出 Excel</Button>
        </Flex>
      </Card>
      <Spin spinning={loading}>
        {!s ? <Card><Empty /></Card> : s.total === 0 ? <Card><Empty description="所选范围内没有诉求" /></Card> : (
          <Flex vertical gap={16}>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}><Card><Statistic title="诉求总数" value={s.total} data-testid="stat-total" /></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title="首次响应按时率" value={pct(s.sla.firstResponseMet, s.sla.firstResponseTotal) ?? '—'} suffix={s.sla.firstResponseTotal ? '%' : ''} /><Typography.Text type="secondary">{s.sla.firstResponseMet}/{s.sla.firstResponseTotal}</Typography.Text></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title="办结按时率" value={pct(s.sla.resolutionMet, s.sla.resolutionTotal) ?? '—'} suffix={s.sla.resolutionTotal ? '%' : ''} /><Typography.Text type="secondary">{s.sla.resolutionMet}/{s.sla.resolutionTotal}</Typography.Text></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title="回访满意度" value={s.satisfaction.average ?? '—'} suffix={s.satisfaction.average ? '/ 5' : ''} /><Typography.Text type="secondary">回访 {s.satisfaction.count} 次</Typography.Text></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title="首次响应 中位数 / P90" value={`${mins(s.firstResponse.median)} / ${mins(s.firstResponse.p90)}`} valueStyle={{ fontSize: 18 }} /></Card></Col>
              <Col xs={12} md={6}><Card><Statistic title="办结用时 中位数 / P90" value={`${mins(s.resolution.median)} / ${mins(s.resolution.p90)}`} valueStyle={{ fontSize: 18 }} /></Card></Col>
              <Col xs={24} md={12}>
                <Card>
                  <Typography.Text type="secondary">通过热线帮助（人）</Typography.Text>
                  <Row>
                    <Col span={8}><Statistic title="就业落地" value={s.helpedTalents.job} /></Col>
                    <Col span={8}><Statistic title="投资兴业" value={s.helpedTalents.investment} /></Col>
                    <Col span={8}><Statistic title="项目合作" value={s.helpedTalents.project} /></Col>
                  </Row>
                </Card>
              </Col>
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}><Card title="按类别" size="small"><Chart option={charts!.cat} testId="chart-category" /></Card></Col>
              <Col xs={24} lg={12}><Card title="按时期" size="small"><Chart option={charts!.period} /></Card></Col>
              <Col xs={24} lg={8}><Card title="按承办层级" size="small"><Chart option={charts!.level} /></Card></Col>
              <Col xs={24} lg={8}><Card title="办理结果（已办结）" size="small"><Chart option={charts!.outcome} /></Card></Col>
              <Col xs={24} lg={8}><Card title="来源" size="small"><Chart option={charts!.source} /></Card></Col>
            </Row>
            <Card title="明细" size="small">
              <Row gutter={16}>
                {([['类别', s.byCategory], ['层级', s.byLevel], ['状态', s.byStatus], ['办理结果', s.byOutcome]] as const).map(([t, list]) => (
                  <Col xs={24} md={6} key={t}>
                    <Table size="small" rowKey="key" pagination={false} dataSource={[...list]} columns={[{ title: t, dataIndex: 'label' }, { title: '件数', dataIndex: 'count', align: 'right' }]} />
                  </Col>
                ))}
              </Row>
            </Card>
          </Flex>
        )}
      </Spin>
    </Flex>
  );
}
