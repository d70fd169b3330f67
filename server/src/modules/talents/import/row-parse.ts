import { checkResidentId, isPhone, normalisePhone } from '../../../../../contracts/id-number.ts';
import { DEGREES, TalentFieldsSchema, TITLE_LEVELS, crossFieldErrors, type TalentFields } from '../../../../../contracts/talents.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { AppError } from '../../../lib/errors.ts';
import { assertCanOwn } from '../talents.policy.ts';
import { cellText, cleanText, dictKey, parseBool, parseDate, parseYear, splitList, type Cell } from './cell-values.ts';
import { labelOf, type ImportField } from './fields.ts';
import { DICTS, type ImportLookups } from './lookups.ts';

export interface RowIssue {
  field: string | null;
  message: string;
}

export interface RowContext {
  lookups: ImportLookups;
  user: SessionUser;
  /** The importing county admin's county, used when the row leaves 所属县 empty. */
  defaultOwnerCountyId: string | null;
}

export interface ParsedRow {
  /** The fields the row gave (normalised, sensitive ones still clear: the caller encrypts them). */
  fields: Partial<TalentFields>;
  issues: RowIssue[];
}

/** Same defaults as a record created in the UI (talents.service.ts). */
const DEFAULTS: Partial<TalentFields> = { isNative: true, category: 'other', status: 'abroad', phones: [], honours: [], tags: [], source: 'import' };
const TEXT: ImportField[] = ['name', 'ethnicity', 'email', 'wechat', 'nativeTownship', 'employer', 'position', 'specialty', 'school', 'remarks'];
const DICT_FIELDS = ['gender', 'degree', 'titleLevel', 'category', 'status', 'idType', 'returnChannel'] as const;
const HINT: Partial<Record<string, string>> = {
  gender: '男 或 女',
  degree: Object.values(DEGREES).join('、'),
  titleLevel: Object.values(TITLE_LEVELS).join('、'),
};

type Out = { value: unknown } | { error: string } | { partialDate: { value: string; precision: 'month' | 'year' } };

function parseCell(field: ImportField, v: Cell, lk: ImportLookups): Out {
  const label = labelOf(field);
  const text = cleanText(v) ?? '';
  const quoted = `${label}“${cellText(v).trim()}”`;
  if (TEXT.includes(field)) return { value: text };
  if ((DICT_FIELDS as readonly string[]).includes(field)) {
    const code = DICTS[field as (typeof DICT_FIELDS)[number]].get(dictKey(text));
    return code ? { value: code } : { error: `${quoted}无法识别，请从下拉列表选择${HINT[field] ? `（${HINT[field]}）` : ''}` };
  }
  switch (field) {
    case 'idNumber':
      if (typeof v === 'number' && Math.abs(v) >= 1e15) return { error: '证件号码被 Excel 存成了数字，末几位已丢失；请将该列设为文本格式后重新填写' };
      return { value: text };
    case 'phones': {
      const phones: string[] = [];
      for (const piece of splitList(typeof v === 'number' ? v.toFixed(0) : v)) {
        const p = normalisePhone(piece);
        const parts = isPhone(p) ? [p] : piece.split(/\s+/).map(normalisePhone);
        if (!parts.every(isPhone)) return { error: `${label}“${piece}”不是有效的手机号或带区号的固定电话` };
        phones.push(...parts);
      }
      return { value: [...new Set(phones)] };
    }
    case 'birthDate':
    case 'returnedAt': {
      const d = parseDate(v, label);
      if ('error' in d) return { error: d.error };
      return d.precision === 'day' ? { value: d.value } : { partialDate: { value: d.value, precision: d.precision } };
    }
    case 'nativeCountyId':
    case 'ownerCountyId': {
      const id = lk.county(text);
      return id ? { value: id } : { error: `${quoted}不存在，应为 ${lk.counties.map((c) => c.name).join('、')} 之一` };
    }
    case 'outpostId': {
      const id = lk.outpost(text);
      return id ? { value: id } : { error: `${quoted}不存在，请从下拉列表选择` };
    }
    case 'locationCode': {
      const r = lk.location(text);
      if ('code' in r) return { value: r.code };
      return { error: r.error === 'ambiguous' ? `${quoted}有多个同名地区，请写完整（如 广东省深圳市南山区）` : `${quoted}无法识别，请填写行政区划名称（如 广东省深圳市南山区）或 6 位代码` };
    }
    case 'locationCountry': {
      if (['中国', 'cn', '中华人民共和国'].includes(text.toLowerCase())) return { error: '境内的现居地请填写在“现居地”列' };
      const code = lk.country(text);
      return code ? { value: code } : { error: `${quoted}无法识别，请填写国家中文名称（如 美国）` };
    }
    case 'industryCode': {
      const code = lk.industry(text);
      return code ? { value: code } : { error: `${quoted}无法识别，请从下拉列表选择（如 I65 软件和信息技术服务业）` };
    }
    case 'tier': {
      const code = lk.tier(text);
      return code ? { value: code } : { error: `${quoted}无效，应为 ${lk.tiers.map((t) => t.code).join('、')} 之一` };
    }
    case 'isNative': {
      const b = parseBool(v);
      return b === null ? { error: `${quoted}应填 是 或 否` } : { value: b };
    }
    case 'graduationYear': {
      const y = parseYear(v);
      return y === null ? { error: `${quoted}应为四位年份，如 2012` } : { value: y };
    }
    case 'honours':
    case 'tags':
      return { value: splitList(v) };
    default:
      return { value: text };
  }
}

/**
 * One data row → normalised fields or the precise reasons it can't be imported. Uses the same
 * zod schema and cross-field rules as the API (contracts/talents.ts) and the same ownership rule
 * (talents.policy.ts); references are resolved from `lookups`, so they exist by construction.
 */
export function parseRow(cells: Map<ImportField, Cell>, rc: RowContext): ParsedRow {
  const given: Partial<Record<ImportField, unknown>> = {};
  const issues: RowIssue[] = [];
  const partial: Partial<Record<'birthDate' | 'returnedAt', { value: string; precision: 'month' | 'year' }>> = {};
  for (const [field, v] of cells) {
    if (cleanText(v) === null) continue;
    const out = parseCell(field, v, rc.lookups);
    if ('error' in out) issues.push({ field, message: out.error });
    else if ('partialDate' in out) partial[field as 'birthDate' | 'returnedAt'] = out.partialDate;
    else given[field] = out.value;
  }
  const t = given as Partial<TalentFields>;
  const id = t.idNumber && (t.idType ?? 'resident') === 'resident' ? checkResidentId(t.idNumber) : null;
  // A birth date given only to the month (or year) is checked against the ID number as far as it goes.
  const pb = partial.birthDate;
  if (pb) {
    const same = id?.ok && id.birthDate.startsWith(pb.value.slice(0, pb.precision === 'month' ? 7 : 4));
    if (same && id?.ok) t.birthDate = id.birthDate;
    else if (id?.ok) issues.push({ field: 'birthDate', message: `出生日期与身份证号不符（身份证为 ${id.birthDate}）` });
    else if (pb.precision === 'year') issues.push({ field: 'birthDate', message: '出生日期至少应精确到月，如 1990.5' });
    else t.birthDate = pb.value;
  }
  if (partial.returnedAt) {
    if (partial.returnedAt.precision === 'year') issues.push({ field: 'returnedAt', message: '返乡日期至少应精确到月，如 2020.5' });
    else t.returnedAt = partial.returnedAt.value;
  }
  if (id?.ok) {
    t.idType ??= 'resident';
    if (!('birthDate' in t) && !pb) t.birthDate = id.birthDate;
    if (!('gender' in t) && !issues.some((i) => i.field === 'gender')) t.gender = id.gender;
  }

  const owner = t.ownerCountyId ?? rc.defaultOwnerCountyId;
  const candidate: Record<string, unknown> = { ...DEFAULTS, ...t, ownerCountyId: owner };
  const full = Object.fromEntries(Object.keys(TalentFieldsSchema.shape).map((k) => [k, candidate[k] ?? (k === 'name' ? '' : null)]));
  const parsed = TalentFieldsSchema.safeParse(full);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const field = String(i.path[0] ?? '');
      if (field === 'ownerCountyId' || issues.some((x) => x.field === field)) continue;
      issues.push({ field: field || null, message: i.message });
    }
  } else {
    for (const [field, message] of crossFieldErrors(parsed.data)) if (!issues.some((x) => x.field === field)) issues.push({ field, message });
  }
  if (!owner) {
    if (!issues.some((x) => x.field === 'ownerCountyId')) issues.push({ field: 'ownerCountyId', message: '请填写所属县（市、区）' });
  } else {
    try {
      assertCanOwn(rc.user, owner, t.outpostId);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      issues.push({ field: err.fields?.[0]?.field ?? 'ownerCountyId', message: err.fields?.[0]?.message ?? err.message });
    }
  }
  const fields: Partial<TalentFields> = {};
  if (parsed.success) for (const k of Object.keys(t) as (keyof TalentFields)[]) (fields as Record<string, unknown>)[k] = parsed.data[k];
  return { fields, issues };
}
