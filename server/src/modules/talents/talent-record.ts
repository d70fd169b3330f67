import { pinyin } from 'pinyin-pro';
import { maskIdNumber, maskPhone, toHalfWidth } from '../../../../contracts/id-number.ts';
import { INDUSTRY_BY_CODE } from '../../../../contracts/industries.ts';
import type { Talent, TalentFields } from '../../../../contracts/talents.ts';
import { talents } from '../../db/schema/index.ts';
import type { Pii } from '../../lib/pii.ts';
import { countryName, divisionName } from '../org/divisions.ts';

export type TalentRow = typeof talents.$inferSelect;
export type TalentInsert = typeof talents.$inferInsert;

/** Lower-case, half-width, no white space: the form both the index and the query use. */
export function normaliseSearchText(s: string): string {
  return toHalfWidth(s).toLowerCase().replace(/\s+/g, '');
}

/** Every single character and every pair of neighbouring characters of a text. */
export function gramsOf(text: string): string[] {
  const s = [...normaliseSearchText(text)];
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) {
    out.add(s[i]!);
    if (i + 1 < s.length) out.add(s[i]! + s[i + 1]!);
  }
  return [...out];
}

/** The grams a query must all find: its bigrams (or the single character). */
export function queryGrams(q: string): string[] {
  const s = [...normaliseSearchText(q)];
  if (s.length <= 1) return s;
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s[i]! + s[i + 1]!);
  return [...out];
}

export function pinyinOf(name: string): { full: string; initials: string } {
  const full = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' });
  const clean = (a: string[]) => a.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  return { full: clean(full), initials: clean(initials) };
}

/** The columns derived from the searchable fields. */
export function derivedSearchColumns(r: Pick<TalentRow, 'name' | 'employer' | 'school' | 'specialty'>) {
  const py = pinyinOf(r.name);
  const grams = new Set<string>();
  for (const f of [r.name, r.employer, r.school, r.specialty]) if (f) for (const g of gramsOf(f)) grams.add(g);
  return { namePinyin: py.full, nameInitials: py.initials, searchGrams: [...grams] };
}

/** Encrypted, hashed and masked columns of the sensitive fields. */
export function sensitiveColumns(pii: Pii, f: Partial<Pick<TalentFields, 'idNumber' | 'phones'>>): Partial<TalentInsert> {
  const out: Partial<TalentInsert> = {};
  if (f.idNumber !== undefined) {
    out.idNumberEnc = f.idNumber ? pii.encrypt(f.idNumber) : null;
    out.idNumberHash = f.idNumber ? pii.blindIndex('id', f.idNumber) : null;
    out.idNumberMasked = f.idNumber ? maskIdNumber(f.idNumber) : null;
  }
  if (f.phones !== undefined) {
    const phones = [...new Set(f.phones)];
    out.phonesEnc = phones.map((p) => pii.encrypt(p));
    out.phoneHashes = phones.map((p) => pii.blindIndex('phone', p));
    out.phonesMasked = phones.map(maskPhone);
  }
  return out;
}

/** A stored row back to its writable fields (decrypting the sensitive ones), for merging a patch. */
export function rowToFields(r: TalentRow, pii: Pii): Partial<TalentFields> {
  return {
    name: r.name, gender: r.gender as TalentFields['gender'], birthDate: r.birthDate, ethnicity: r.ethnicity,
    idType: r.idType as TalentFields['idType'], idNumber: r.idNumberEnc ? pii.decrypt(r.idNumberEnc) : null,
    phones: r.phonesEnc.map((p) => pii.decrypt(p)), email: r.email, wechat: r.wechat, nativeCountyId: r.nativeCountyId,
    nativeTownship: r.nativeTownship, isNative: r.isNative, ownerCountyId: r.ownerCountyId, outpostId: r.outpostId,
    locationCode: r.locationCode, locationCountry: r.locationCountry, employer: r.employer, position: r.position,
    industryCode: r.industryCode, specialty: r.specialty, degree: r.degree as TalentFields['degree'], school: r.school,
    graduationYear: r.graduationYear, titleLevel: r.titleLevel as TalentFields['titleLevel'], tier: r.tier,
    category: r.category as TalentFields['category'], honours: r.honours, tags: r.tags, status: r.status as TalentFields['status'],
    returnedAt: r.returnedAt, returnChannel: r.returnChannel as TalentFields['returnChannel'], source: r.source as TalentFields['source'],
    remarks: r.remarks,
  };
}

/** The plain (non-sensitive, non-derived) columns of a write. */
export function plainColumns(f: Partial<TalentFields>): Partial<TalentInsert> {
  const { idNumber: _i, phones: _p, ...rest } = f;
  return rest as Partial<TalentInsert>;
}

export interface NameMaps {
  counties: Map<string, string>;
  outposts: Map<string, string>;
}

export function locationNameOf(r: Pick<TalentRow, 'locationCode' | 'locationCountry'>): string | null {
  if (r.locationCode) return divisionName(r.locationCode);
  if (r.locationCountry) return countryName(r.locationCountry);
  return null;
}

/** A row as the API returns it: masked, with display names resolved. */
export function toTalent(r: TalentRow, names: NameMaps): Talent {
  return {
    id: r.id,
    version: r.version,
    name: r.name,
    namePinyin: r.namePinyin,
    gender: r.gender as Talent['gender'],
    birthDate: r.birthDate,
    ethnicity: r.ethnicity,
    idType: r.idType as Talent['idType'],
    idNumberMasked: r.idNumberMasked,
    phonesMasked: r.phonesMasked,
    email: r.email,
    wechat: r.wechat,
    nativeCountyId: r.nativeCountyId,
    nativeCountyName: r.nativeCountyId ? (names.counties.get(r.nativeCountyId) ?? null) : null,
    nativeTownship: r.nativeTownship,
    isNative: r.isNative,
    ownerCountyId: r.ownerCountyId,
    ownerCountyName: names.counties.get(r.ownerCountyId) ?? null,
    outpostId: r.outpostId,
    outpostName: r.outpostId ? (names.outposts.get(r.outpostId) ?? null) : null,
    locationCode: r.locationCode,
    locationCountry: r.locationCountry,
    locationName: locationNameOf(r),
    employer: r.employer,
    position: r.position,
    industryCode: r.industryCode,
    industryName: r.industryCode ? (INDUSTRY_BY_CODE.get(r.industryCode)?.name ?? null) : null,
    specialty: r.specialty,
    degree: r.degree as Talent['degree'],
    school: r.school,
    graduationYear: r.graduationYear,
    titleLevel: r.titleLevel as Talent['titleLevel'],
    tier: r.tier,
    category: r.category as Talent['category'],
    honours: r.honours,
    tags: r.tags,
    status: r.status as Talent['status'],
    returnedAt: r.returnedAt,
    returnChannel: r.returnChannel as Talent['returnChannel'],
    source: r.source as Talent['source'],
    remarks: r.remarks,
    campaignId: r.campaignId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Field-level differences for history; sensitive fields are compared and recorded masked. */
export function diffTalent(before: TalentRow, after: TalentRow): { field: string; before: unknown; after: unknown }[] {
  const plain: (keyof TalentRow)[] = [
    'name', 'gender', 'birthDate', 'ethnicity', 'idType', 'email', 'wechat', 'nativeCountyId', 'nativeTownship', 'isNative',
    'ownerCountyId', 'outpostId', 'locationCode', 'locationCountry', 'employer', 'position', 'industryCode', 'specialty', 'degree',
    'school', 'graduationYear', 'titleLevel', 'tier', 'category', 'honours', 'tags', 'status', 'returnedAt', 'returnChannel', 'source', 'remarks',
  ];
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const k of plain) {
    const a = before[k] ?? null;
    const b = after[k] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: k, before: a, after: b });
  }
  if (before.idNumberHash !== after.idNumberHash) out.push({ field: 'idNumber', before: before.idNumberMasked, after: after.idNumberMasked });
  if (before.phoneHashes.join(',') !== after.phoneHashes.join(',')) out.push({ field: 'phones', before: before.phonesMasked, after: after.phonesMasked });
  return out;
}
