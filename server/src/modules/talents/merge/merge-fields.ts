import {
  MERGE_CHOOSABLE_FIELDS,
  MERGE_UNION_FIELDS,
  type MergeBody,
} from '../../../../../contracts/talent-merge.ts';
import { TALENT_FIELD_LABELS, type TalentFields } from '../../../../../contracts/talents.ts';
import type { FieldError } from '../../../../../contracts/errors.ts';
import { AppError } from '../../../lib/errors.ts';

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The limits of TalentFieldsSchema for the unioned lists. */
const UNION_LIMITS: Record<(typeof MERGE_UNION_FIELDS)[number], number> = { phones: 5, honours: 20, tags: 30 };

/**
 * The survivor's fields after the merge: each choosable field from the side the user picked — or,
 * when not picked, the survivor's value unless it is empty and the merged record has one — and the
 * union of phones, honours and tags. `taken` lists the fields whose value now comes from the merged record.
 */
export function combineFields(
  survivor: Partial<TalentFields>,
  merged: Partial<TalentFields>,
  choice: MergeBody['fields'],
): { fields: Partial<TalentFields>; taken: string[] } {
  const fields: Record<string, unknown> = {};
  const taken: string[] = [];
  for (const f of MERGE_CHOOSABLE_FIELDS) {
    const side = choice[f] ?? (isEmpty(survivor[f]) && !isEmpty(merged[f]) ? 'merged' : 'survivor');
    fields[f] = side === 'merged' ? merged[f] : survivor[f];
    if (!same(fields[f], survivor[f])) taken.push(f);
  }
  const errors: FieldError[] = [];
  for (const f of MERGE_UNION_FIELDS) {
    const union = [...new Set([...(survivor[f] ?? []), ...(merged[f] ?? [])])];
    fields[f] = union;
    if (union.length > (survivor[f] ?? []).length) taken.push(f);
    if (union.length > UNION_LIMITS[f]) {
      errors.push({ field: f, message: `合并后${TALENT_FIELD_LABELS[f]}共 ${union.length} 项，超过上限 ${UNION_LIMITS[f]} 项，请先在其中一条记录中删除多余的再合并` });
    }
  }
  if (errors.length) throw new AppError('VALIDATION_FAILED', 400, errors[0]!.message, errors);
  return { fields: fields as Partial<TalentFields>, taken };
}
