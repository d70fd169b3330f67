import { checkResidentId, normaliseIdNumber } from '../../../../contracts/id-number.ts';
import { crossFieldErrors, type Talent, type TalentFields } from '../../../../contracts/talents.ts';

/**
 * The talent form's values: the API's own field names (so server field errors land on the right
 * control), plus three UI switches. Pure functions only: form ⇄ API body, and the PATCH diff.
 */
export type TalentFormValues = { [K in keyof TalentFields]?: TalentFields[K] | null } & {
  /** 境外: the location is a country, not a Chinese division. */
  abroad?: boolean;
  /** Editing a record: the ID number / phones are replaced only when the user asks to (they are masked). */
  replaceId?: boolean;
  replacePhones?: boolean;
};
export type TalentBody = Partial<TalentFields>;

const TEXT = ['ethnicity', 'email', 'wechat', 'nativeTownship', 'employer', 'position', 'specialty', 'school', 'remarks'] as const;
const OPTIONAL = ['gender', 'birthDate', 'nativeCountyId', 'outpostId', 'industryCode', 'degree', 'graduationYear', 'titleLevel', 'tier', 'returnedAt', 'returnChannel'] as const;
const REQUIRED = ['ownerCountyId', 'category', 'status', 'source'] as const;

const cleanList = (xs: (string | null | undefined)[] | null | undefined) => [...new Set((xs ?? []).map((x) => (x ?? '').trim()).filter(Boolean))];

/** Form values → the body of POST /api/talents (every writable field, empty ones as null). */
export function toBody(v: TalentFormValues): TalentBody {
  const out: Record<string, unknown> = {
    name: (v.name ?? '').replace(/\s+/g, ''),
    isNative: v.isNative ?? true,
    honours: cleanList(v.honours),
    tags: cleanList(v.tags),
  };
  for (const k of REQUIRED) if (v[k]) out[k] = v[k];
  for (const k of TEXT) out[k] = v[k]?.trim() || null;
  for (const k of OPTIONAL) out[k] = v[k] === '' || v[k] === undefined ? null : v[k];
  out.locationCode = v.abroad ? null : (v.locationCode ?? null);
  out.locationCountry = v.abroad ? (v.locationCountry ?? null) : null;
  if (v.status !== 'returned') {
    out.returnedAt = null;
    out.returnChannel = null;
  }
  if (v.replaceId) {
    const id = normaliseIdNumber(v.idNumber ?? '');
    out.idNumber = id || null;
    out.idType = id ? (v.idType ?? 'resident') : null;
  }
  if (v.replacePhones) out.phones = cleanList(v.phones);
  return out as TalentBody;
}

/** A stored record → form values (ID number and phones stay masked: not in the form until replaced). */
export function fromTalent(t: Talent): TalentFormValues {
  const v: TalentFormValues = { name: t.name, isNative: t.isNative, honours: t.honours, tags: t.tags, idType: t.idType, abroad: !!t.locationCountry };
  for (const k of [...REQUIRED, ...TEXT, ...OPTIONAL]) (v as Record<string, unknown>)[k] = t[k];
  v.locationCode = t.locationCode;
  v.locationCountry = t.locationCountry;
  return { ...v, replaceId: false, replacePhones: false, phones: [] };
}

/** The fields whose value differs (what a PATCH sends, with the version). */
export function changedFields(before: TalentBody, after: TalentBody): TalentBody {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(v ?? null) !== JSON.stringify((before as Record<string, unknown>)[k] ?? null)) out[k] = v;
  }
  return out as TalentBody;
}

/** The message of a cross-field rule (ID checksum, birth date or gender vs ID…) for one field, if broken. */
export function crossFieldMessage(v: TalentFormValues, field: string): string | undefined {
  return crossFieldErrors(toBody(v)).find(([f]) => f === field)?.[1];
}

/** What a valid resident ID says about birth date and gender, to fill them in when still empty. */
export function impliedByIdNumber(v: TalentFormValues): Pick<TalentFormValues, 'birthDate' | 'gender'> {
  if (!v.idNumber || (v.idType ?? 'resident') !== 'resident') return {};
  const c = checkResidentId(v.idNumber);
  if (!c.ok) return {};
  return { ...(v.birthDate ? {} : { birthDate: c.birthDate }), ...(v.gender ? {} : { gender: c.gender }) };
}
