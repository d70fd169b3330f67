import { Button, Flex, Tag } from 'antd';
import { FACET_TITLES, facetValueLabel, type NameLookups } from '../labels.ts';
import { activeFilters, type ActiveFilter, type TalentQuery } from '../query.ts';

export function activeFilterLabel(f: ActiveFilter, l: NameLookups): string {
  switch (f.kind) {
    case 'facet':
      return `${FACET_TITLES[f.field]}：${facetValueLabel(f.field, f.value, l)}`;
    case 'abroad':
      return f.value === 'true' ? '现居地：境外' : '现居地：境内';
    case 'honour':
      return `荣誉：${f.value}`;
    case 'tag':
      return `标签：${f.value}`;
    case 'campaign':
      return '来源：信息统计报送';
  }
}

interface Props {
  query: TalentQuery;
  lookups: NameLookups;
  onRemove(f: ActiveFilter): void;
  onClearText(): void;
  onClear(): void;
}

/** The filters in force as closable tags, and 清除 to drop them all (with the search text). */
export function ActiveFilters({ query, lookups, onRemove, onClear, onClearText }: Props) {
  const list = activeFilters(query);
  if (!list.length && !query.q.trim()) return null;
  return (
    <Flex wrap gap={6} align="center" style={{ marginBottom: 12 }} data-testid="active-filters">
      {query.q.trim() && (
        <Tag closable onClose={(e) => { e.preventDefault(); onClearText(); }} style={{ marginInlineEnd: 0 }}>
          关键词：{query.q.trim()}
        </Tag>
      )}
      {list.map((f) => (
        <Tag
          key={f.kind === 'facet' ? `${f.field}:${f.value}` : f.kind}
          closable
          color="processing"
          onClose={(e) => {
            e.preventDefault();
            onRemove(f);
          }}
          style={{ marginInlineEnd: 0 }}
        >
          {activeFilterLabel(f, lookups)}
        </Tag>
      ))}
      <Button type="link" size="small" onClick={onClear}>清除</Button>
    </Flex>
  );
}
