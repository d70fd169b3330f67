import { CATEGORIES, DEGREES, GENDERS, ID_TYPES, TALENT_FIELD_LABELS, TITLE_LEVELS } from '../../../../../contracts/talents.ts';

/** Field names and values of a portal submission as staff read them. */
const DICTS: Record<string, Record<string, string>> = { gender: GENDERS, degree: DEGREES, titleLevel: TITLE_LEVELS, category: CATEGORIES, idType: ID_TYPES };

export const fieldLabel = (f: string) => TALENT_FIELD_LABELS[f] ?? (f === 'chamberId' || f === 'chamber' ? '所属商会' : f);

export function fieldValue(f: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (Array.isArray(v)) return v.length ? v.map((x) => fieldValue(f, x)).join('、') : '（空）';
  return DICTS[f]?.[String(v)] ?? String(v);
}
