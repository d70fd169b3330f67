import { Button, Checkbox, Input, Segmented, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { FACET_FIELDS, SUGGESTED_HONOURS, type FacetField } from '../../../../../contracts/talents.ts';
import type { Facets } from '../api.ts';
import { FACET_TITLES, facetValueLabel, type NameLookups } from '../labels.ts';
import type { TalentQuery } from '../query.ts';

const SHOWN = 6;

interface Props {
  facets: Facets;
  query: TalentQuery;
  lookups: NameLookups;
  onToggle(field: FacetField, value: string): void;
  onSet(key: 'abroad' | 'honour' | 'tag', value: string | undefined): void;
}

function FacetGroup({ field, facets, query, lookups, onToggle }: Omit<Props, 'onSet'> & { field: FacetField }) {
  const [all, setAll] = useState(false);
  const picked = query.facets[field] ?? [];
  const buckets = [...(facets[field] ?? [])];
  // A picked value with no matches left still shows, so it can be unticked here.
  for (const v of picked) if (!buckets.some((b) => b.value === v)) buckets.push({ value: v, label: '', count: 0 });
  if (!buckets.length) return null;
  const shown = all ? buckets : buckets.slice(0, SHOWN);
  return (
    <section style={{ marginBottom: 16 }} aria-label={FACET_TITLES[field]}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>{FACET_TITLES[field]}</Typography.Text>
      {shown.map((b) => (
        <Checkbox
          key={b.value}
          checked={picked.includes(b.value)}
          onChange={() => onToggle(field, b.value)}
          style={{ display: 'flex', width: '100%', marginInlineStart: 0, padding: '2px 0' }}
          styles={{ label: { display: 'flex', flex: 1, minWidth: 0, justifyContent: 'space-between', gap: 8 } }}
          data-facet={`${field}:${b.value}`}
        >
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{facetValueLabel(field, b.value, lookups)}</span>
          <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>{b.count.toLocaleString('zh-CN')}</Typography.Text>
        </Checkbox>
      ))}
      {buckets.length > SHOWN && (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setAll(!all)}>
          {all ? '收起' : `展开全部（${buckets.length}）`}
        </Button>
      )}
    </section>
  );
}

/** A text filter that applies on Enter or when leaving the field. */
function TextFilter({ value, placeholder, onApply }: { value?: string; placeholder: string; onApply(v?: string): void }) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const apply = () => (text.trim() || undefined) !== value && onApply(text.trim() || undefined);
  return <Input allowClear placeholder={placeholder} value={text} maxLength={20} onChange={(e) => setText(e.target.value)} onPressEnter={apply} onBlur={apply} />;
}

/** The left-hand filter panel: every facet with its counts, then 现居地/荣誉/标签. */
export function FacetPanel({ facets, query, lookups, onToggle, onSet }: Props) {
  return (
    <div>
      {FACET_FIELDS.map((f) => (
        <FacetGroup key={f} field={f} facets={facets} query={query} lookups={lookups} onToggle={onToggle} />
      ))}
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>现居地</Typography.Text>
      <Segmented
        block
        value={query.abroad ?? ''}
        options={[{ value: '', label: '全部' }, { value: 'false', label: '境内' }, { value: 'true', label: '境外' }]}
        onChange={(v) => onSet('abroad', v || undefined)}
        style={{ marginBottom: 16 }}
      />
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>荣誉称号</Typography.Text>
      <Select
        allowClear
        showSearch
        placeholder="任一荣誉"
        value={query.honour}
        options={[...new Set([...SUGGESTED_HONOURS, ...(query.honour ? [query.honour] : [])])].map((h) => ({ value: h, label: h }))}
        onChange={(v?: string) => onSet('honour', v)}
        style={{ width: '100%', marginBottom: 16 }}
      />
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>标签</Typography.Text>
      <TextFilter value={query.tag} placeholder="输入标签后回车" onApply={(v) => onSet('tag', v)} />
    </div>
  );
}
