import { INDUSTRY_BY_CODE, INDUSTRY_SECTIONS } from '../../../../contracts/industries.ts';
import {
  CATEGORIES,
  DEGREES,
  GENDERS,
  ID_TYPES,
  RETURN_CHANNELS,
  SOURCES,
  STATUSES,
  TITLE_LEVELS,
  type FacetField,
} from '../../../../contracts/talents.ts';

/** Display names of the things the registry refers to by id or code (loaded by useLookups). */
export interface NameLookups {
  counties: Map<string, string>;
  outposts: Map<string, string>;
  tiers: Map<string, string>;
  countries: Map<string, string>;
  divisions: Map<string, string>;
}

export const emptyLookups = (): NameLookups => ({
  counties: new Map(),
  outposts: new Map(),
  tiers: new Map(),
  countries: new Map(),
  divisions: new Map(),
});

export const FACET_TITLES: Record<FacetField, string> = {
  ownerCountyId: '所属县区',
  category: '人才类别',
  degree: '最高学历',
  titleLevel: '职称级别',
  tier: '人才层级',
  status: '状态',
  source: '来源',
  industrySection: '行业门类',
};

export const STATUS_COLORS: Record<keyof typeof STATUSES, string> = { abroad: 'blue', intending: 'orange', returned: 'green' };
export const TIER_COLORS: Record<string, string> = { A: 'magenta', B: 'volcano', C: 'gold', D: 'cyan', E: 'geekblue' };

const dict = <T extends Record<string, string>>(d: T) => (v: string) => (d as Record<string, string>)[v] ?? v;

/** The Chinese label of one facet value. */
export function facetValueLabel(field: FacetField, value: string, l: NameLookups): string {
  switch (field) {
    case 'ownerCountyId':
      return l.counties.get(value) ?? '（已撤销的县区）';
    case 'category':
      return dict(CATEGORIES)(value);
    case 'degree':
      return dict(DEGREES)(value);
    case 'titleLevel':
      return dict(TITLE_LEVELS)(value);
    case 'tier':
      return l.tiers.get(value) ?? `${value}类`;
    case 'status':
      return dict(STATUSES)(value);
    case 'source':
      return dict(SOURCES)(value);
    case 'industrySection':
      return INDUSTRY_SECTIONS.find((s) => s.code === value)?.name ?? value;
  }
}

/** Whole years between a YYYY-MM-DD birth date and today (YYYY-MM-DD); null without a date. */
export function ageOf(birthDate: string | null, today: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age >= 0 && age < 150 ? age : null;
}

/** "女 · 35 岁", "男", "35 岁" or "—". */
export function genderAge(gender: string | null, birthDate: string | null, today: string): string {
  const age = ageOf(birthDate, today);
  const parts = [gender ? dict(GENDERS)(gender) : null, age !== null ? `${age} 岁` : null].filter(Boolean);
  return parts.length ? parts.join(' · ') : '—';
}

/**
 * A GB/T 2260 code → the codes of its ancestors and itself: 440305 → [440000, 440300, 440305],
 * 440300 → [440000, 440300], 110000 → [110000].
 */
export function divisionPath(code: string): string[] {
  if (!/^\d{6}$/.test(code)) return [];
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  if (code === province) return [province];
  if (code === city) return [province, city];
  return [province, city, code];
}

/** An industry code → the Cascader path: "I65" → ["I", "I65"], "I" → ["I"]. */
export function industryPath(code: string | null | undefined): string[] {
  if (!code) return [];
  return code.length > 1 ? [code.slice(0, 1), code] : [code];
}

const ACTION_LABELS: Record<string, string> = {
  create: '新增记录',
  liaison_contact: '领导联系',
  liaison_follow_up: '领导联系问题办结',
  update: '修改',
  import: '批量导入',
  merge: '合并重复记录',
  merged: '合并重复记录',
  portal: '本人更新',
  portal_update: '本人更新（一家人云服务平台）',
  portal_link: '关联门户账号',
  portal_change: '本人申请修改（已审核）',
  portal_withdraw: '本人撤回敏感信息同意',
  portal_rights: '个人信息权利申请',
  collection: '信息统计合并',
  restore: '恢复',
};
export const historyActionLabel = (a: string) => ACTION_LABELS[a] ?? a;

const EMPTY = '（空）';

/** A value from a history entry (a stored code) in words: dictionary labels, names, 是/否. */
export function historyValue(field: string, v: unknown, l: NameLookups): string {
  if (v === null || v === undefined || v === '') return EMPTY;
  if (Array.isArray(v)) return v.length ? v.map((x) => historyValue(field, x, l)).join('、') : EMPTY;
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = String(v);
  switch (field) {
    case 'gender':
      return dict(GENDERS)(s);
    case 'idType':
      return dict(ID_TYPES)(s);
    case 'degree':
      return dict(DEGREES)(s);
    case 'titleLevel':
      return dict(TITLE_LEVELS)(s);
    case 'category':
      return dict(CATEGORIES)(s);
    case 'status':
      return dict(STATUSES)(s);
    case 'source':
      return dict(SOURCES)(s);
    case 'returnChannel':
      return dict(RETURN_CHANNELS)(s);
    case 'ownerCountyId':
    case 'nativeCountyId':
      return l.counties.get(s) ?? '（已撤销的县区）';
    case 'outpostId':
      return l.outposts.get(s) ?? '（已撤销的工作站）';
    case 'tier':
      return l.tiers.get(s) ?? s;
    case 'industryCode':
      return INDUSTRY_BY_CODE.get(s)?.name ?? s;
    case 'locationCountry':
      return l.countries.get(s) ?? s;
    case 'locationCode':
      return divisionPath(s).map((c) => l.divisions.get(c)).filter((n) => n && n !== '市辖区' && n !== '县').join('') || s;
    default:
      return s;
  }
}
