import { Button, Card, Flex, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { GENDERS } from '../../../../../contracts/talents.ts';
import type { ImportDecision, ImportMatch } from '../../../../../contracts/imports.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { importApi, type Planned } from './api.ts';
import { decisionOptions, rowText } from './importText.ts';

type Record_ = ImportMatch['registry'][number];
const muted = (s: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{s}</Typography.Text>;

/** A registry record a row matches, masked: name, gender · birth date, county, employer, ID, phone. */
function RecordSummary({ r }: { r: Record_ }) {
  const line = [r.gender ? GENDERS[r.gender as keyof typeof GENDERS] : null, r.birthDate, r.ownerCountyName].filter(Boolean).join(' · ');
  const ids = [r.idNumberMasked, r.phonesMasked[0]].filter(Boolean).join(' · ');
  return (
    <div>
      <a href={`/talents/${r.talentId}`} target="_blank" rel="noreferrer">{r.name}</a> {muted(line)}
      {r.employer && <div>{muted(r.employer)}</div>}
      {ids && <div>{muted(ids)}</div>}
    </div>
  );
}

const BULK: { all: ImportDecision; label: string; hint: string }[] = [
  { all: 'update', label: '全部更新', hint: '能对应到已有记录的行，全部用表格中的信息更新已有记录？' },
  { all: 'skip', label: '全部跳过', hint: '所有疑似重复的行都不导入？' },
  { all: 'create', label: '全部新增', hint: '所有疑似重复的行都作为新的人才记录导入？（证件号码已登记的行除外）' },
];

/** Rows that look like someone already registered (or an earlier row of the file): what to do with each. */
export function ImportMatches({ importId, multiSheet, locked, onPlanned }: { importId: string; multiSheet: boolean; locked: boolean; onPlanned(p: Planned): void }) {
  const list = usePagedList((id: string, page: number, pageSize: number) => importApi.matches(id, page, pageSize), importId, 20);
  const [saving, setSaving] = useState<string | null>(null);

  const decide = async (key: string, body: Parameters<typeof importApi.decide>[1]) => {
    setSaving(key);
    try {
      const { planned } = await importApi.decide(importId, body);
      onPlanned(planned);
      if (body.all) toast().success('已按所选方式处理全部疑似重复行');
    } catch (e) {
      showError(e);
    } finally {
      setSaving(null);
      list.reload();
    }
  };

  if (!list.loading && list.total === 0) return null;

  const columns: TableColumnsType<ImportMatch> = [
    { title: '行', key: 'row', width: 90, render: (_, m) => rowText(m.sheet, m.row, multiSheet) },
    { title: '表格中的姓名', key: 'name', width: 130, render: (_, m) => <>{m.name}{m.idNumberMasked && <div>{muted(m.idNumberMasked)}</div>}</> },
    {
      title: '匹配到',
      key: 'match',
      render: (_, m) => (
        <Flex vertical gap={6}>
          {m.registry[0] && <RecordSummary r={m.registry[0]} />}
          {m.registry.length > 1 && muted(`另有 ${m.registry.length - 1} 条相似记录；选择“更新”将更新第一条`)}
          {m.file && <div>与本文件{rowText(m.file.sheet, m.file.row, multiSheet)}重复</div>}
        </Flex>
      ),
    },
    {
      title: '原因',
      key: 'reasons',
      width: 200,
      render: (_, m) => (
        <Space size={[0, 4]} wrap>
          {[...new Set([...(m.registry[0]?.reasons ?? []), ...(m.file?.reasons ?? [])])].map((r) => <Tag key={r} color="orange">{r}</Tag>)}
        </Space>
      ),
    },
    {
      title: '处理方式',
      key: 'decision',
      width: 150,
      render: (_, m) => (
        <Select<ImportDecision>
          value={m.decision}
          options={decisionOptions(m)}
          disabled={locked}
          loading={saving === m.ref}
          onChange={(d) => void decide(m.ref, { rows: { [m.ref]: d } })}
          style={{ width: 130 }}
          aria-label={`第 ${m.row} 行处理方式`}
        />
      ),
    },
  ];

  return (
    <Card size="small" title={`疑似重复 ${list.total} 行`} data-testid="import-matches">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">这些行与已有记录或本文件的其他行相似，请逐行选择新增、更新或跳过：</Typography.Text>
        <Space wrap>
          {BULK.map((b) => (
            <Popconfirm key={b.all} title={b.label} description={b.hint} okText="确定" cancelText="取消" onConfirm={() => decide(b.all, { all: b.all })}>
              <Button size="small" disabled={locked} loading={saving === b.all}>{b.label}</Button>
            </Popconfirm>
          ))}
        </Space>
      </Flex>
      <Table<ImportMatch> size="small" rowKey="ref" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.total > 20 ? list.pagination : false} scroll={{ x: 760 }} />
    </Card>
  );
}
