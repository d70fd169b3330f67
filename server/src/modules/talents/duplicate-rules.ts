import { and, arrayOverlaps, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { settings, talents } from '../../db/schema/index.ts';

/**
 * The one definition of "probably the same person", used by the import (inside the file and
 * against the registry), the duplicates page and the portal's registration matching.
 *
 * Signals, strongest first: same ID number, a shared phone, same name + birth date, same name +
 * employer. Each matching signal adds its weight; two different ID numbers subtract `idConflict`
 * (two people can share a name, a birthday and even an employer, but not a different ID). A pair
 * whose score reaches `threshold` is a match. Weights and threshold are configurable (settings
 * `duplicate_rules`).
 */
export interface DuplicateRules {
  idNumber: number;
  phone: number;
  nameBirthDate: number;
  nameEmployer: number;
  idConflict: number;
  threshold: number;
}

export const DEFAULT_DUPLICATE_RULES: DuplicateRules = {
  idNumber: 100,
  phone: 70,
  nameBirthDate: 60,
  nameEmployer: 50,
  idConflict: 200,
  threshold: 50,
};

export async function loadDuplicateRules(db: Db): Promise<DuplicateRules> {
  const [row] = await db.select().from(settings).where(eq(settings.key, 'duplicate_rules'));
  return { ...DEFAULT_DUPLICATE_RULES, ...((row?.value as Partial<DuplicateRules> | undefined) ?? {}) };
}

/** What matching looks at; hashes are the blind indexes, never clear values. */
export interface MatchKeys {
  idHash: string | null;
  phoneHashes: string[];
  name: string;
  birthDate: string | null;
  employer: string | null;
}

export type MatchReason = 'idNumber' | 'phone' | 'nameBirthDate' | 'nameEmployer';
export const MATCH_REASON_LABELS: Record<MatchReason, string> = {
  idNumber: '证件号码相同',
  phone: '电话相同',
  nameBirthDate: '姓名和出生日期相同',
  nameEmployer: '姓名和工作单位相同',
};

const normEmployer = (e: string | null) => (e ?? '').replace(/\s+/g, '').replace(/[（(].*?[）)]/g, '');

export function scorePair(a: MatchKeys, b: MatchKeys, rules: DuplicateRules): { score: number; reasons: MatchReason[]; match: boolean } {
  const reasons: MatchReason[] = [];
  let score = 0;
  if (a.idHash && b.idHash) {
    if (a.idHash === b.idHash) {
      score += rules.idNumber;
      reasons.push('idNumber');
    } else {
      score -= rules.idConflict;
    }
  }
  if (a.phoneHashes.some((p) => b.phoneHashes.includes(p))) {
    score += rules.phone;
    reasons.push('phone');
  }
  if (a.name === b.name) {
    if (a.birthDate && a.birthDate === b.birthDate) {
      score += rules.nameBirthDate;
      reasons.push('nameBirthDate');
    }
    const ea = normEmployer(a.employer);
    if (ea && ea === normEmployer(b.employer)) {
      score += rules.nameEmployer;
      reasons.push('nameEmployer');
    }
  }
  return { score, reasons, match: reasons.length > 0 && score >= rules.threshold };
}

export function keysOfRow(r: Pick<typeof talents.$inferSelect, 'idNumberHash' | 'phoneHashes' | 'name' | 'birthDate' | 'employer'>): MatchKeys {
  return { idHash: r.idNumberHash, phoneHashes: r.phoneHashes, name: r.name, birthDate: r.birthDate, employer: r.employer };
}

/**
 * Registry rows that share at least one signal with any of `keys` (one indexed query for a whole
 * batch). `extra` narrows further (e.g. a scope filter). Merged-away rows are never candidates.
 */
export async function findCandidates(db: Db, keys: MatchKeys[], extra?: SQL) {
  const idHashes = [...new Set(keys.map((k) => k.idHash).filter((x): x is string => !!x))];
  const phones = [...new Set(keys.flatMap((k) => k.phoneHashes))];
  const names = [...new Set(keys.map((k) => k.name))];
  const ors: SQL[] = [];
  if (idHashes.length) ors.push(inArray(talents.idNumberHash, idHashes));
  if (phones.length) ors.push(arrayOverlaps(talents.phoneHashes, phones));
  if (names.length) ors.push(inArray(talents.name, names));
  if (!ors.length) return [];
  return db
    .select({
      id: talents.id,
      name: talents.name,
      birthDate: talents.birthDate,
      employer: talents.employer,
      idNumberHash: talents.idNumberHash,
      phoneHashes: talents.phoneHashes,
      ownerCountyId: talents.ownerCountyId,
      version: talents.version,
    })
    .from(talents)
    .where(and(or(...ors), isNull(talents.mergedInto), extra ?? sql`true`));
}
