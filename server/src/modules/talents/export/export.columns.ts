import { INDUSTRY_BY_CODE } from '../../../../../contracts/industries.ts';
import {
  CATEGORIES,
  DEGREES,
  GENDERS,
  ID_TYPES,
  RETURN_CHANNELS,
  SOURCES,
  STATUSES,
  TALENT_FIELD_LABELS,
  TITLE_LEVELS,
} from '../../../../../contracts/talents.ts';
import { talents } from '../../../db/schema/index.ts';
import { countryName, divisionName } from '../../org/divisions.ts';
import type { Tier } from '../talent-lookups.ts';
import type { NameMaps } from '../talent-record.ts';

/** The columns an export reads (not the search index or hashes); the encrypted ones only when unmasked. */
const t = talents;
export const EXPORT_SELECT = {
  id: t.id, name: t.name, gender: t.gender, birthDate: t.birthDate, ethnicity: t.ethnicity, idType: t.idType,
  idNumberMasked: t.idNumberMasked, phonesMasked: t.phonesMasked, email: t.email, wechat: t.wechat,
  nativeCountyId: t.nativeCountyId, nativeTownship: t.nativeTownship, isNative: t.isNative, ownerCountyId: t.ownerCountyId,
  outpostId: t.outpostId, locationCode: t.locationCode, locationCountry: t.locationCountry, employer: t.employer,
  position: t.position, industryCode: t.industryCode, specialty: t.specialty, degree: t.degree, school: t.school,
  graduationYear: t.graduationYear, titleLevel: t.titleLevel, tier: t.tier, category: t.category, honours: t.honours,
  tags: t.tags, status: t.status, returnedAt: t.returnedAt, returnChannel: t.returnChannel, source: t.source, remarks: t.remarks,
};
export const EXPORT_SELECT_CLEAR = { ...EXPORT_SELECT, idNumberEnc: t.idNumberEnc, phonesEnc: t.phonesEnc };
type TalentRow = typeof talents.$inferSelect;
export type ExportRow = Pick<TalentRow, keyof typeof EXPORT_SELECT> & Partial<Pick<TalentRow, 'idNumberEnc' | 'phonesEnc'>>;

export type Cell = string | number | null;

export interface ExportLookups {
  names: NameMaps;
  tiers: Tier[];
}

/** Clear values of the sensitive fields (unmasked exports only). */
export interface ClearPii {
  idNumber: string | null;
  phones: string[];
}

/**
 * Formula injection (CSV/xlsx injection): a text cell that a spreadsheet could take for a formula
 * or a command — starting with = + - @, a tab or a carriage return — gets a leading single quote.
 */
export function neutralise(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const label = <T extends Record<string, string>>(dict: T, v: string | null): string | null => (v ? (dict[v as keyof T] ?? v) : null);
const joined = (a: string[]) => (a.length ? a.join('、') : null);

type Getter = (r: ExportRow, lk: ExportLookups, clear: ClearPii | null) => Cell;

/** One column per field of TALENT_FIELD_LABELS, dictionary codes and ids replaced by their names. */
const GETTERS: Record<string, Getter> = {
  name: (r) => r.name,
  gender: (r) => label(GENDERS, r.gender),
  birthDate: (r) => r.birthDate,
  ethnicity: (r) => r.ethnicity,
  idType: (r) => label(ID_TYPES, r.idType),
  idNumber: (r, _lk, clear) => (clear ? clear.idNumber : r.idNumberMasked),
  phones: (r, _lk, clear) => joined(clear ? clear.phones : r.phonesMasked),
  email: (r) => r.email,
  wechat: (r) => r.wechat,
  nativeCountyId: (r, lk) => (r.nativeCountyId ? (lk.names.counties.get(r.nativeCountyId) ?? null) : null),
  nativeTownship: (r) => r.nativeTownship,
  isNative: (r) => (r.isNative ? '是' : '否'),
  ownerCountyId: (r, lk) => lk.names.counties.get(r.ownerCountyId) ?? null,
  outpostId: (r, lk) => (r.outpostId ? (lk.names.outposts.get(r.outpostId) ?? null) : null),
  locationCode: (r) => (r.locationCode ? divisionName(r.locationCode) : null),
  locationCountry: (r) => (r.locationCountry ? countryName(r.locationCountry) : null),
  employer: (r) => r.employer,
  position: (r) => r.position,
  industryCode: (r) => (r.industryCode ? (INDUSTRY_BY_CODE.get(r.industryCode)?.name ?? r.industryCode) : null),
  specialty: (r) => r.specialty,
  degree: (r) => label(DEGREES, r.degree),
  school: (r) => r.school,
  graduationYear: (r) => r.graduationYear,
  titleLevel: (r) => label(TITLE_LEVELS, r.titleLevel),
  tier: (r, lk) => (r.tier ? (lk.tiers.find((t) => t.code === r.tier)?.name ?? r.tier) : null),
  category: (r) => label(CATEGORIES, r.category),
  honours: (r) => joined(r.honours),
  tags: (r) => joined(r.tags),
  status: (r) => label(STATUSES, r.status),
  returnedAt: (r) => r.returnedAt,
  returnChannel: (r) => label(RETURN_CHANNELS, r.returnChannel),
  source: (r) => label(SOURCES, r.source),
  remarks: (r) => r.remarks,
};

export const EXPORT_COLUMNS = Object.keys(TALENT_FIELD_LABELS)
  .filter((k) => k in GETTERS)
  .map((key) => ({ key, header: TALENT_FIELD_LABELS[key]!, width: key === 'remarks' || key === 'employer' ? 30 : key === 'idNumber' ? 22 : 14 }));

/** The cells of one row, in EXPORT_COLUMNS order, every text neutralised. */
export function rowCells(r: ExportRow, lk: ExportLookups, clear: ClearPii | null): Cell[] {
  return EXPORT_COLUMNS.map((c) => {
    const v = GETTERS[c.key]!(r, lk, clear);
    return typeof v === 'string' ? neutralise(v) : v;
  });
}
