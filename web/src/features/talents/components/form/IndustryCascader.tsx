import { Cascader } from 'antd';
import { INDUSTRY_SECTIONS } from '../../../../../../contracts/industries.ts';
import { industryPath } from '../../labels.ts';

const OPTIONS = INDUSTRY_SECTIONS.map((s) => ({
  value: s.code,
  label: `${s.code} ${s.name}`,
  children: s.divisions.map(([d, name]) => ({ value: s.code + d, label: `${d} ${name}` })),
}));

/** 国民经济行业分类 (GB/T 4754): section → division; a section alone is allowed. The value is one code. */
export function IndustryCascader({ value, onChange, id }: { value?: string | null; onChange?(code: string | null): void; id?: string }) {
  return (
    <Cascader
      id={id}
      options={OPTIONS}
      changeOnSelect
      value={industryPath(value)}
      onChange={(path) => onChange?.(path?.length ? String(path[path.length - 1]) : null)}
      showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input)) }}
      placeholder="门类 / 大类，可输入关键词搜索"
      style={{ width: '100%' }}
      allowClear
    />
  );
}
