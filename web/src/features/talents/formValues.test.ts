import { describe, expect, it } from 'vitest';
import { idChecksumChar } from '../../../../contracts/id-number.ts';
import type { Talent } from '../../../../contracts/talents.ts';
import { changedFields, crossFieldMessage, fromTalent, impliedByIdNumber, toBody } from './formValues.ts';
import { ageOf, divisionPath, emptyLookups, genderAge, historyValue, industryPath } from './labels.ts';

const first17 = '44030519880312004';
const ID = first17 + idChecksumChar(first17);
const BAD_ID = first17 + (idChecksumChar(first17) === '1' ? '2' : '1');
const COUNTY = '0b6c3a52-3f0e-4c4e-9a51-2f7d3c1e9a10';

const talent: Talent = {
  id: 'f8d9e878-2ff3-48cf-af24-89d8e8d42f36', version: 3, name: '王伟芳', namePinyin: 'wangweifang', gender: 'female', birthDate: '1988-03-12',
  ethnicity: null, idType: 'resident', idNumberMasked: '440305********0046', phonesMasked: ['138****8000'], email: null, wechat: null,
  nativeCountyId: COUNTY, nativeCountyName: '凤鸣区', nativeTownship: null, isNative: true, ownerCountyId: COUNTY, ownerCountyName: '凤鸣区',
  outpostId: null, outpostName: null, locationCode: '440305', locationCountry: null, locationName: '广东省深圳市南山区', employer: '华为技术有限公司',
  position: '首席架构师', industryCode: 'I65', industryName: '软件和信息技术服务业', specialty: '通信工程', degree: 'doctor', school: '清华大学',
  graduationYear: null, titleLevel: 'senior', tier: 'B', category: 'expert', honours: ['国家杰青'], tags: [], status: 'abroad', returnedAt: null,
  returnChannel: null, source: 'county', remarks: null, campaignId: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
};

describe('talent form ⇄ API body', () => {
  it('builds a create body: trimmed text, empty as null, ID normalised, phones cleaned, location by switch', () => {
    const body = toBody({ name: ' 王 伟 ', ownerCountyId: COUNTY, category: 'expert', status: 'abroad', source: 'county', employer: '  ', school: ' 清华大学 ', replaceId: true, idNumber: ` ${ID.toLowerCase()} `, replacePhones: true, phones: ['138 0013 8000', '', '138 0013 8000'], abroad: true, locationCode: '440305', locationCountry: 'US' });
    expect(body).toMatchObject({ name: '王伟', employer: null, school: '清华大学', idNumber: ID, idType: 'resident', phones: ['138 0013 8000'], locationCode: null, locationCountry: 'US', isNative: true, honours: [], tags: [] });
  });

  it('leaves the masked ID number and phones out of an edit unless they are replaced', () => {
    const v = fromTalent(talent);
    expect(v).toMatchObject({ replaceId: false, replacePhones: false, abroad: false, locationCode: '440305' });
    const body = toBody(v);
    expect(body).not.toHaveProperty('idNumber');
    expect(body).not.toHaveProperty('phones');
  });

  it('PATCH sends only what changed', () => {
    const before = toBody(fromTalent(talent));
    expect(changedFields(before, toBody(fromTalent(talent)))).toEqual({});
    const after = toBody({ ...fromTalent(talent), position: '院长', tags: ['乡贤'], replacePhones: true, phones: ['13900001111'] });
    expect(changedFields(before, after)).toEqual({ position: '院长', tags: ['乡贤'], phones: ['13900001111'] });
  });

  it('clears return date and channel unless the status is 已返乡', () => {
    expect(toBody({ status: 'intending', returnedAt: '2025-01-01', returnChannel: 'job' })).toMatchObject({ returnedAt: null, returnChannel: null });
    expect(toBody({ status: 'returned', returnedAt: '2025-01-01', returnChannel: 'job' })).toMatchObject({ returnedAt: '2025-01-01', returnChannel: 'job' });
  });

  it('checks the contract’s cross-field rules on the right field', () => {
    expect(crossFieldMessage({ replaceId: true, idNumber: BAD_ID }, 'idNumber')).toBe('身份证号校验位不正确');
    expect(crossFieldMessage({ replaceId: true, idNumber: ID }, 'idNumber')).toBeUndefined();
    expect(crossFieldMessage({ replaceId: true, idNumber: ID, birthDate: '1990-01-01' }, 'birthDate')).toContain('与身份证号不符');
    expect(crossFieldMessage({ replaceId: true, idType: 'passport', idNumber: 'E1' }, 'idNumber')).toBe('护照号应为 5–20 位字母或数字');
    expect(crossFieldMessage({ status: 'returned' }, 'returnedAt')).toBe('已返乡/已引进须填写返乡日期');
  });

  it('reads birth date and gender from a valid resident ID, without overwriting', () => {
    expect(impliedByIdNumber({ idNumber: ID })).toEqual({ birthDate: '1988-03-12', gender: 'female' });
    expect(impliedByIdNumber({ idNumber: ID, gender: 'male' })).toEqual({ birthDate: '1988-03-12' });
    expect(impliedByIdNumber({ idNumber: BAD_ID })).toEqual({});
  });
});

describe('labels', () => {
  it('computes age in whole years', () => {
    expect(ageOf('1988-03-12', '2026-03-11')).toBe(37);
    expect(ageOf('1988-03-12', '2026-03-12')).toBe(38);
    expect(ageOf(null, '2026-01-01')).toBeNull();
    expect(genderAge('female', '1988-03-12', '2026-11-26')).toBe('女 · 38 岁');
    expect(genderAge(null, null, '2026-11-26')).toBe('—');
  });

  it('walks division and industry codes up to their paths', () => {
    expect(divisionPath('440305')).toEqual(['440000', '440300', '440305']);
    expect(divisionPath('440300')).toEqual(['440000', '440300']);
    expect(divisionPath('110000')).toEqual(['110000']);
    expect(divisionPath('x')).toEqual([]);
    expect(industryPath('I65')).toEqual(['I', 'I65']);
    expect(industryPath('I')).toEqual(['I']);
    expect(industryPath(null)).toEqual([]);
  });

  it('shows history values in words, not codes', () => {
    const l = emptyLookups();
    l.counties.set(COUNTY, '凤鸣区');
    l.divisions.set('440000', '广东省').set('440300', '深圳市').set('440305', '南山区');
    expect(historyValue('status', 'returned', l)).toBe('已返乡/已引进');
    expect(historyValue('ownerCountyId', COUNTY, l)).toBe('凤鸣区');
    expect(historyValue('industryCode', 'I65', l)).toBe('软件和信息技术服务业');
    expect(historyValue('locationCode', '440305', l)).toBe('广东省深圳市南山区');
    expect(historyValue('honours', ['国家杰青', '长江学者'], l)).toBe('国家杰青、长江学者');
    expect(historyValue('isNative', false, l)).toBe('否');
    expect(historyValue('remarks', null, l)).toBe('（空）');
  });
});
