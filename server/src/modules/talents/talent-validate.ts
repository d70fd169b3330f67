import { inArray } from 'drizzle-orm';
import { checkResidentId } from '../../../../contracts/id-number.ts';
import { crossFieldErrors, type TalentFields } from '../../../../contracts/talents.ts';
import type { FieldError } from '../../../../contracts/errors.ts';
import type { Db } from '../../db/client.ts';
import { counties, outposts } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import { countryName, isDivisionCode } from '../org/divisions.ts';
import { loadTiers } from './talent-lookups.ts';

/**
 * Fills what the ID number implies (birth date, gender) when missing, then checks the cross-field
 * rules and that every reference exists. Throws one VALIDATION_FAILED listing every field.
 */
export async function completeAndValidate(db: Db, t: Partial<TalentFields>): Promise<Partial<TalentFields>> {
  const out = { ...t };
  if (out.idNumber && (out.idType ?? 'resident') === 'resident') {
    out.idType = 'resident';
    const c = checkResidentId(out.idNumber);
    if (c.ok) {
      out.birthDate ??= c.birthDate;
      out.gender ??= c.gender;
    }
  }
  const errors: FieldError[] = crossFieldErrors(out).map(([field, message]) => ({ field, message }));
  const countyIds = [out.ownerCountyId, out.nativeCountyId].filter((x): x is string => !!x);
  if (countyIds.length) {
    const found = new Set((await db.select({ id: counties.id }).from(counties).where(inArray(counties.id, countyIds))).map((r) => r.id));
    if (out.ownerCountyId && !found.has(out.ownerCountyId)) errors.push({ field: 'ownerCountyId', message: '所属县（市、区）不存在' });
    if (out.nativeCountyId && !found.has(out.nativeCountyId)) errors.push({ field: 'nativeCountyId', message: '籍贯县（市、区）不存在' });
  }
  if (out.outpostId) {
    const found = await db.select({ id: outposts.id }).from(outposts).where(inArray(outposts.id, [out.outpostId]));
    if (!found.length) errors.push({ field: 'outpostId', message: '工作站不存在' });
  }
  if (out.locationCode && !isDivisionCode(out.locationCode)) errors.push({ field: 'locationCode', message: '不是有效的行政区划代码（GB/T 2260）' });
  if (out.locationCountry && !countryName(out.locationCountry)) errors.push({ field: 'locationCountry', message: '不是有效的国家或地区代码' });
  if (out.tier) {
    const tiers = await loadTiers(db);
    if (!tiers.some((x) => x.code === out.tier)) errors.push({ field: 'tier', message: `人才层级须为 ${tiers.map((x) => x.code).join('、')} 之一` });
  }
  if (errors.length) throw new AppError('VALIDATION_FAILED', 400, errors[0]!.message, errors);
  return out;
}
