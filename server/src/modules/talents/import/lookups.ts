import { INDUSTRY_BY_CODE, INDUSTRY_SECTIONS } from '../../../../../contracts/industries.ts';
import { CATEGORIES, DEGREES, GENDERS, ID_TYPES, RETURN_CHANNELS, STATUSES, TITLE_LEVELS } from '../../../../../contracts/talents.ts';
import type { Db } from '../../../db/client.ts';
import { counties, outposts } from '../../../db/schema/index.ts';
import { childDivisions, countryList, divisionName } from '../../org/divisions.ts';
import { loadTiers, type Tier } from '../talent-lookups.ts';
import { dictKey } from './cell-values.ts';

/** label → code, with the other ways clerks write the same thing. */
function dict(labels: Record<string, string>, aliases: Record<string, string> = {}): Map<string, string> {
  const m = new Map<string, string>();
  for (const [code, label] of Object.entries(labels)) {
    m.set(dictKey(label), code);
    m.set(dictKey(code), code);
  }
  for (const [alias, code] of Object.entries(aliases)) m.set(dictKey(alias), code);
  return m;
}

export const DICTS = {
  gender: dict(GENDERS, { 男性: 'male', 女性: 'female', m: 'male', f: 'female' }),
  degree: dict(DEGREES, {
    博士: 'doctor', 博士研究生学历: 'doctor', 硕士: 'master', 研究生: 'master', 本科: 'bachelor', 学士: 'bachelor', 大学: 'bachelor',
    大专: 'college', 专科: 'college', 高职: 'college', 高中: 'secondary', 中专: 'secondary', 高中及以下: 'secondary', 中专及以下: 'secondary',
    初中: 'secondary', 初中及以下: 'secondary', 技校: 'secondary',
  }),
  titleLevel: dict(TITLE_LEVELS, { 正高: 'senior', 副高: 'associate', 中级职称: 'intermediate', 初级职称: 'junior', 无职称: 'none', 未评: 'none' }),
  category: dict(CATEGORIES),
  status: dict(STATUSES, { 已返乡: 'returned', 已引进: 'returned', 返乡: 'returned', 有意向: 'intending', 意向返乡: 'intending' }),
  idType: dict(ID_TYPES, { 身份证: 'resident', 二代身份证: 'resident' }),
  returnChannel: dict(RETURN_CHANNELS),
} as const;

/** Names → codes of GB/T 2260 divisions: full name, own name and own name without 省/市/区/县. */
let divisionIndex: Map<string, string | null> | undefined;
function divisions(): Map<string, string | null> {
  if (divisionIndex) return divisionIndex;
  const idx = new Map<string, string | null>();
  const add = (key: string, code: string) => {
    const k = dictKey(key);
    if (k.length < 2) return;
    idx.set(k, idx.has(k) && idx.get(k) !== code ? null : code); // null = ambiguous
  };
  const walk = (parent: string | undefined, parentName: string) => {
    for (const d of childDivisions(parent)) {
      const full = divisionName(d.code) ?? d.name;
      add(full, d.code);
      add(d.name, d.code);
      add(d.name.replace(/(省|市|自治区|特别行政区|区|县|自治县|自治州|地区|盟)$/, ''), d.code);
      if (parentName) add(parentName + d.name, d.code);
      if (d.hasChildren) walk(d.code, d.name === '市辖区' ? '' : d.name);
    }
  };
  walk(undefined, '');
  // Full names win over partial ones that happened to collide.
  for (const d of childDivisions()) idx.set(dictKey(d.name), d.code);
  return (divisionIndex = idx);
}

let countryIndex: Map<string, string> | undefined;
function countries(): Map<string, string> {
  if (!countryIndex) {
    countryIndex = new Map();
    for (const c of countryList()) {
      countryIndex.set(dictKey(c.name), c.code);
      countryIndex.set(dictKey(c.code), c.code);
    }
  }
  return countryIndex;
}

const industryByName = new Map<string, string>();
for (const s of INDUSTRY_SECTIONS) {
  industryByName.set(dictKey(s.name), s.code);
  for (const [d, name] of s.divisions) industryByName.set(dictKey(name), s.code + d);
}

/** Everything a row is checked against, loaded once per import (never per row). */
export interface ImportLookups {
  counties: { id: string; name: string }[];
  outposts: { id: string; name: string }[];
  tiers: Tier[];
  county(text: string): string | null;
  outpost(text: string): string | null;
  tier(text: string): string | null;
  location(text: string): { code: string } | { error: 'unknown' | 'ambiguous' };
  country(text: string): string | null;
  industry(text: string): string | null;
}

/** The rows the look-ups are built from: plain data, so a worker thread can be handed them. */
export interface ImportLookupData {
  counties: { id: string; name: string }[];
  outposts: { id: string; name: string }[];
  tiers: Tier[];
}

export async function loadImportLookupData(db: Db): Promise<ImportLookupData> {
  const cs = await db.select({ id: counties.id, name: counties.name }).from(counties).orderBy(counties.sortOrder, counties.name);
  const os = await db.select({ id: outposts.id, name: outposts.name }).from(outposts).orderBy(outposts.name);
  return { counties: cs, outposts: os, tiers: await loadTiers(db) };
}

export async function loadImportLookups(db: Db): Promise<ImportLookups> {
  return lookupsOf(await loadImportLookupData(db));
}

export function lookupsOf({ counties: cs, outposts: os, tiers }: ImportLookupData): ImportLookups {
  const byName = (rows: { id: string; name: string }[], strip?: RegExp) => {
    const m = new Map<string, string>();
    for (const r of rows) m.set(dictKey(r.name), r.id);
    if (strip) for (const r of rows) if (!m.has(dictKey(r.name.replace(strip, '')))) m.set(dictKey(r.name.replace(strip, '')), r.id);
    return m;
  };
  const countyMap = byName(cs, /(县|市|区)$/);
  const outpostMap = byName(os);
  return {
    counties: cs,
    outposts: os,
    tiers,
    county: (t) => countyMap.get(dictKey(t)) ?? null,
    outpost: (t) => outpostMap.get(dictKey(t)) ?? null,
    tier: (t) => {
      const k = dictKey(t).toUpperCase();
      const hit = tiers.find((x) => dictKey(x.name).toUpperCase() === k || x.code === k || x.code === k.match(/^([A-Z])类/)?.[1]);
      return hit?.code ?? null;
    },
    location: (t) => {
      if (/^\d{6}$/.test(t.trim())) return divisionName(t.trim()) ? { code: t.trim() } : { error: 'unknown' };
      const hit = divisions().get(dictKey(t));
      if (hit === undefined) return { error: 'unknown' };
      return hit === null ? { error: 'ambiguous' } : { code: hit };
    },
    country: (t) => countries().get(dictKey(t)) ?? null,
    industry: (t) => {
      const code = t.trim().match(/^([A-Ta-t])(\d{2})?(?![\dA-Za-z])/);
      if (code) {
        const c = code[1]!.toUpperCase() + (code[2] ?? '');
        if (INDUSTRY_BY_CODE.has(c)) return c;
      }
      return industryByName.get(dictKey(t)) ?? null;
    },
  };
}

/** The industry list as the template's drop-down shows it: "I65 软件和信息技术服务业". */
export function industryOptions(): string[] {
  return INDUSTRY_SECTIONS.flatMap((s) => s.divisions.map(([d, name]) => `${s.code}${d} ${name}`));
}
