import { INDUSTRY_SECTIONS } from '../../../../../contracts/industries.ts';
import { CATEGORIES, DEGREES, SOURCES, STATUSES, TITLE_LEVELS, type TalentFilter } from '../../../../../contracts/talents.ts';
import { divisionName } from '../../org/divisions.ts';
import type { Tier } from '../talent-lookups.ts';
import type { NameMaps } from '../talent-record.ts';

const dict = (d: Record<string, string>) => (v: string) => d[v] ?? v;

/** A registry filter in words, for the approver, the audit reader and the export's cover sheet. */
export function describeFilter(f: TalentFilter, names: NameMaps, tiers: Tier[]): string {
  const parts: string[] = [];
  const list = (label: string, values: string[] | undefined, name: (v: string) => string) => {
    if (values?.length) parts.push(`${label}：${values.map(name).join('、')}`);
  };
  if (f.q) parts.push(`关键词：${f.q}`);
  list('所属县（市、区）', f.ownerCountyId, (v) => names.counties.get(v) ?? v);
  list('人才类别', f.category, dict(CATEGORIES));
  list('最高学历', f.degree, dict(DEGREES));
  list('职称级别', f.titleLevel, dict(TITLE_LEVELS));
  list('人才层级', f.tier, (v) => tiers.find((t) => t.code === v)?.name ?? v);
  list('状态', f.status, dict(STATUSES));
  list('来源', f.source, dict(SOURCES));
  list('行业门类', f.industrySection, (v) => INDUSTRY_SECTIONS.find((s) => s.code === v)?.name ?? v);
  list('现居省份', f.locationProvince, (v) => divisionName(`${v}0000`) ?? v);
  if (f.abroad) parts.push(`境外：${f.abroad === 'true' ? '是' : '否'}`);
  if (f.honour) parts.push(`荣誉称号：${f.honour}`);
  if (f.tag) parts.push(`标签：${f.tag}`);
  if (f.isNative) parts.push(`本籍：${f.isNative === 'true' ? '是' : '否'}`);
  if (f.campaignId) parts.push(`信息统计批次：${f.campaignId}`);
  return parts.length ? parts.join('；') : '全部（本人权限范围内）';
}
