import { MERGE_CHOOSABLE_FIELDS, MERGE_UNION_FIELDS, type MergeBody } from '../../../../../contracts/talent-merge.ts';
import { TALENT_FIELD_LABELS, type Talent } from '../../../../../contracts/talents.ts';
import { historyValue, type NameLookups } from '../labels.ts';

/**
 * The merge chooser's logic, pure: which side each field defaults to, and the request body.
 * Sides are the two records as shown, 'a' (left) and 'b' (right); either may be kept (survivor).
 */
export type Side = 'a' | 'b';
export type ChoosableField = (typeof MERGE_CHOOSABLE_FIELDS)[number];
export type Picks = Record<ChoosableField, Side>;

/** A field's value on a record as the API returns it (ID number and phones masked). */
export function rawValue(t: Talent, field: string): unknown {
  if (field === 'idNumber') return t.idNumberMasked;
  if (field === 'phones') return t.phonesMasked;
  return (t as unknown as Record<string, unknown>)[field];
}

export const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
export const sameValue = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/** The record updated last (ties: the left one). */
export const newerSide = (a: Pick<Talent, 'updatedAt'>, b: Pick<Talent, 'updatedAt'>): Side => (b.updatedAt > a.updatedAt ? 'b' : 'a');

/** The record to keep by default: the one registered first (its id is the one others may point at). */
export const olderSide = (a: Pick<Talent, 'createdAt'>, b: Pick<Talent, 'createdAt'>): Side => (b.createdAt < a.createdAt ? 'b' : 'a');

/** Per field: the non-empty value when only one side has one, else the newer record's. */
export function defaultPicks(a: Talent, b: Talent): Picks {
  const newer = newerSide(a, b);
  const out = {} as Picks;
  for (const f of MERGE_CHOOSABLE_FIELDS) {
    const va = rawValue(a, f);
    const vb = rawValue(b, f);
    out[f] = isEmpty(va) && !isEmpty(vb) ? 'b' : isEmpty(vb) && !isEmpty(va) ? 'a' : newer;
  }
  return out;
}

export interface MergeRow {
  field: string;
  label: string;
  /** choose: a radio; same: both equal; union: combined (phones, honours, tags). */
  kind: 'choose' | 'same' | 'union';
}

/** The rows of the chooser: every writable field either record has, the combined ones last. */
export function mergeRows(a: Talent, b: Talent): MergeRow[] {
  const rows: MergeRow[] = [];
  for (const f of MERGE_CHOOSABLE_FIELDS) {
    const va = rawValue(a, f);
    const vb = rawValue(b, f);
    if (isEmpty(va) && isEmpty(vb)) continue;
    // Masked ID numbers can look alike and still differ: always let the user pick one.
    rows.push({ field: f, label: TALENT_FIELD_LABELS[f] ?? f, kind: sameValue(va, vb) && f !== 'idNumber' ? 'same' : 'choose' });
  }
  for (const f of MERGE_UNION_FIELDS) {
    if (!isEmpty(rawValue(a, f)) || !isEmpty(rawValue(b, f))) rows.push({ field: f, label: TALENT_FIELD_LABELS[f] ?? f, kind: 'union' });
  }
  return rows;
}

/** POST /api/talents/merge: the survivor, both versions, and every field's side named explicitly. */
export function mergeBody(a: Talent, b: Talent, survivor: Side, picks: Picks): MergeBody {
  const keep = survivor === 'a' ? a : b;
  const gone = survivor === 'a' ? b : a;
  const fields: MergeBody['fields'] = {};
  for (const f of MERGE_CHOOSABLE_FIELDS) {
    const same = f !== 'idNumber' && sameValue(rawValue(a, f), rawValue(b, f));
    fields[f] = same || picks[f] === survivor ? 'survivor' : 'merged';
  }
  return { survivorId: keep.id, mergedId: gone.id, survivorVersion: keep.version, mergedVersion: gone.version, fields };
}

/** A field of a record in words: names instead of ids, labels instead of codes, masked PII. */
export function displayValue(t: Talent, field: string, l: NameLookups): string {
  const named: Record<string, string | null> = {
    ownerCountyId: t.ownerCountyName,
    nativeCountyId: t.nativeCountyName,
    outpostId: t.outpostName,
    locationCode: t.locationName,
    industryCode: t.industryName,
  };
  if (field in named && named[field]) return named[field]!;
  return historyValue(field, rawValue(t, field), l);
}
