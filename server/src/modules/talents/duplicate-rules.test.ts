import { describe, expect, it } from 'vitest';
import { DEFAULT_DUPLICATE_RULES as R, scorePair, type MatchKeys } from './duplicate-rules.ts';

const k = (o: Partial<MatchKeys>): MatchKeys => ({ idHash: null, phoneHashes: [], name: '王伟', birthDate: null, employer: null, ...o });

describe('scorePair', () => {
  it('matches on the same ID number', () => {
    expect(scorePair(k({ idHash: 'a' }), k({ idHash: 'a', name: '王伟芳' }), R)).toMatchObject({ match: true, reasons: ['idNumber'] });
  });
  it('matches on a shared phone', () => {
    expect(scorePair(k({ phoneHashes: ['p1', 'p2'] }), k({ phoneHashes: ['p2'], name: '别人' }), R).match).toBe(true);
  });
  it('matches on name + birth date and on name + employer (ignoring brackets and spaces)', () => {
    expect(scorePair(k({ birthDate: '1990-01-01' }), k({ birthDate: '1990-01-01' }), R).reasons).toEqual(['nameBirthDate']);
    expect(scorePair(k({ employer: '华为技术有限公司（深圳）' }), k({ employer: '华为技术 有限公司' }), R).reasons).toEqual(['nameEmployer']);
  });
  it('does not match on a name alone, nor when the ID numbers differ', () => {
    expect(scorePair(k({}), k({}), R).match).toBe(false);
    expect(scorePair(k({ idHash: 'a', birthDate: '1990-01-01' }), k({ idHash: 'b', birthDate: '1990-01-01' }), R).match).toBe(false);
  });
  it('honours a configured threshold', () => {
    expect(scorePair(k({ employer: 'x' }), k({ employer: 'x' }), { ...R, threshold: 60 }).match).toBe(false);
  });
});
