import { describe, expect, it } from 'vitest';
import type { Talent } from '../../../../../contracts/talents.ts';
import { emptyLookups } from '../labels.ts';
import { defaultPicks, displayValue, mergeBody, mergeRows, olderSide } from './mergeFields.ts';

const COUNTY = '5f4b1b42-dec9-4157-9ffd-86f48dca41ef';
const talent = (over: Partial<Talent>): Talent => ({
  id: '00000000-0000-4000-8000-000000000001', version: 1, name: '刘慧敏', namePinyin: 'liu hui min', gender: 'female', birthDate: '1980-11-27',
  ethnicity: null, idType: null, idNumberMasked: null, phonesMasked: [], email: null, wechat: null, nativeCountyId: null, nativeCountyName: null,
  nativeTownship: null, isNative: true, ownerCountyId: COUNTY, ownerCountyName: '凤鸣区', outpostId: null, outpostName: null, locationCode: null,
  locationCountry: null, locationName: null, employer: null, position: null, industryCode: null, industryName: null, specialty: null, degree: null,
  school: null, graduationYear: null, titleLevel: null, tier: null, category: 'worker', honours: [], tags: [], status: 'abroad', returnedAt: null,
  returnChannel: null, source: 'county', remarks: null, campaignId: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

const a = talent({ employer: '上海东方家具', degree: 'bachelor', phonesMasked: ['136****7812'], updatedAt: '2026-03-01T00:00:00Z' });
const b = talent({
  id: '00000000-0000-4000-8000-000000000002', version: 4, employer: '上海东方家具有限公司', school: '湖南大学', idType: 'resident', idNumberMasked: '360702********0400',
  tags: ['商会骨干'], source: 'import', createdAt: '2026-02-01T00:00:00Z', updatedAt: '2026-05-01T00:00:00Z',
});

describe('merge chooser', () => {
  it('defaults each field to the side that has a value, else to the newer record', () => {
    const p = defaultPicks(a, b);
    expect(p.degree).toBe('a'); // only a has it
    expect(p.school).toBe('b'); // only b has it
    expect(p.idNumber).toBe('b');
    expect(p.employer).toBe('b'); // both: b is newer
    expect(defaultPicks(a, { ...b, updatedAt: '2026-01-02T00:00:00Z' }).employer).toBe('a');
  });

  it('keeps the record registered first by default', () => {
    expect(olderSide(a, b)).toBe('a');
    expect(olderSide(b, a)).toBe('b');
  });

  it('lists fields either side has: differing ones to choose, equal ones as same, combined ones last', () => {
    const rows = mergeRows(a, b);
    const kind = Object.fromEntries(rows.map((r) => [r.field, r.kind]));
    expect(kind).toMatchObject({ name: 'same', employer: 'choose', school: 'choose', idNumber: 'choose', phones: 'union', tags: 'union' });
    expect(kind.honours).toBeUndefined(); // empty on both sides
    expect(kind.remarks).toBeUndefined();
    expect(rows.slice(-2).map((r) => r.field)).toEqual(['phones', 'tags']);
    expect(rows.find((r) => r.field === 'school')?.label).toBe('毕业院校');
  });

  it('names survivor/merged per field from the picks, with both versions', () => {
    const picks = defaultPicks(a, b);
    const body = mergeBody(a, b, 'a', picks);
    expect(body).toMatchObject({ survivorId: a.id, mergedId: b.id, survivorVersion: 1, mergedVersion: 4 });
    expect(body.fields).toMatchObject({ degree: 'survivor', school: 'merged', employer: 'merged', name: 'survivor', idNumber: 'merged' });
    // Keeping b instead flips the sides, not the values chosen.
    const flipped = mergeBody(a, b, 'b', picks);
    expect(flipped).toMatchObject({ survivorId: b.id, mergedId: a.id, survivorVersion: 4, mergedVersion: 1 });
    expect(flipped.fields).toMatchObject({ degree: 'merged', school: 'survivor', employer: 'survivor' });
    expect(Object.keys(body.fields)).not.toContain('phones');
  });

  it('shows names and labels, masked PII', () => {
    const l = emptyLookups();
    expect(displayValue(a, 'ownerCountyId', l)).toBe('凤鸣区');
    expect(displayValue(a, 'degree', l)).toBe('大学本科');
    expect(displayValue(b, 'idNumber', l)).toBe('360702********0400');
    expect(displayValue(a, 'phones', l)).toBe('136****7812');
    expect(displayValue(a, 'school', l)).toBe('（空）');
    expect(displayValue(a, 'isNative', l)).toBe('是');
  });
});
