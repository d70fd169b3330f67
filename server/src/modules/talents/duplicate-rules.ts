import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
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

/**
 * The employer as matching compares it: no white space, no bracketed parts. The database has the
 * same rule as `fenggui_employer_key()` (migration 0012, indexed with the name); a test checks both
 * agree. Null when nothing is left.
 */
export function employerKey(e: string | null | undefined): string | null {
  return (e ?? '').replace(/[\t\n\v\f\r \u00a0\u3000\ufeff]+/g, '').replace(/[（(][^）)]*[）)]/g, '') || null;
}

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
    const ea = employerKey(a.employer);
    if (ea && ea === employerKey(b.employer)) {
      score += rules.nameEmployer;
      reasons.push('nameEmployer');
    }
  }
  return { score, reasons, match: reasons.length > 0 && score >= rules.threshold };
}

export function keysOfRow(r: Pick<typeof talents.$inferSelect, 'idNumberHash' | 'phoneHashes' | 'name' | 'birthDate' | 'employer'>): MatchKeys {
  return { idHash: r.idNumberHash, phoneHashes: r.phoneHashes, name: r.name, birthDate: r.birthDate, employer: r.employer };
}

/** The distinct lookup keys of a batch, as array parameters (one bind parameter each, however many). */
export function lookupKeys(keys: MatchKeys[]) {
  const uniq = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  const nb = uniq(keys.filter((k) => k.name && k.birthDate), (k) => `${k.name}\u0000${k.birthDate}`);
  const ne = uniq(
    keys.map((k) => ({ name: k.name, key: employerKey(k.employer) })).filter((k): k is { name: string; key: string } => !!k.name && !!k.key),
    (k) => `${k.name}\u0000${k.key}`,
  );
  return {
    idHashes: [...new Set(keys.map((k) => k.idHash).filter((x): x is string => !!x))],
    phones: [...new Set(keys.flatMap((k) => k.phoneHashes))],
    nbNames: nb.map((k) => k.name),
    nbBirths: nb.map((k) => k.birthDate!),
    neNames: ne.map((k) => k.name),
    neKeys: ne.map((k) => k.key),
  };
}

/**
 * One lookup per key, each on its own index: `unnest` of the keys, and for each a LATERAL
 * subquery (`offset 0` keeps the planner from flattening it into a hash join that would scan the
 * whole table, which it otherwise picks for hundreds of keys or a table without statistics).
 * `select` is the column list, `from` the table with its fixed filter.
 */
export function perKeyLookups(select: SQL, from: SQL, k: ReturnType<typeof lookupKeys>, cols: { idHash: SQL; phones: SQL; name: SQL; birthDate: SQL; birthDateType: 'date' | 'text'; employerKey: SQL }): SQL[] {
  const one = (keys: SQL, cond: SQL) => sql`select x.* from ${keys}, lateral (select ${select} from ${from} and ${cond} offset 0) x`;
  const out: SQL[] = [];
  if (k.idHashes.length) out.push(one(sql`unnest(${sql.param(k.idHashes)}::text[]) as k(h)`, sql`${cols.idHash} = k.h`));
  if (k.phones.length) out.push(one(sql`unnest(${sql.param(k.phones)}::text[]) as k(h)`, sql`${cols.phones} @> array[k.h]`));
  if (k.nbNames.length) {
    out.push(one(sql`unnest(${sql.param(k.nbNames)}::text[], ${sql.param(k.nbBirths)}::text[]) as k(name, birth_date)`, sql`${cols.name} = k.name and ${cols.birthDate} = k.birth_date::${sql.raw(cols.birthDateType)}`));
  }
  if (k.neNames.length) {
    out.push(one(sql`unnest(${sql.param(k.neNames)}::text[], ${sql.param(k.neKeys)}::text[]) as k(name, ekey)`, sql`${cols.name} = k.name and ${cols.employerKey} = k.ekey`));
  }
  return out;
}

export interface Candidate {
  id: string;
  name: string;
  birthDate: string | null;
  employer: string | null;
  idNumberHash: string | null;
  phoneHashes: string[];
  ownerCountyId: string;
  version: number;
}

/**
 * Registry rows that share a signal with any of `keys`: the same ID number, a shared phone, the
 * same name + birth date or the same name + employer key — a name alone never makes a match, so
 * namesakes are not fetched. One statement per batch, one index lookup per key (the keys as array
 * parameters, so any number of them). `extra` narrows further (e.g. a scope filter on `talents`).
 * Merged-away rows are never candidates.
 */
export async function findCandidates(db: Db, keys: MatchKeys[], extra?: SQL): Promise<Candidate[]> {
  const branches = perKeyLookups(
    sql`talents.id, talents.name, talents.birth_date::text as birth_date, talents.employer, talents.id_number_hash, talents.phone_hashes, talents.owner_county_id, talents.version`,
    sql`talents where talents.merged_into is null and ${extra ?? sql`true`}`,
    lookupKeys(keys),
    {
      idHash: sql`talents.id_number_hash`, phones: sql`talents.phone_hashes`, name: sql`talents.name`,
      // the index expression of talents_name_employer_key_idx (migration 0012), so that index is used
      birthDate: sql`talents.birth_date`, birthDateType: 'date', employerKey: sql`fenggui_employer_key(talents.employer)`,
    },
  );
  if (!branches.length) return [];
  const res = await db.execute(sql.join(branches, sql` union all `));
  const rows = (res as unknown as { rows: { id: string; name: string; birth_date: string | null; employer: string | null; id_number_hash: string | null; phone_hashes: string[]; owner_county_id: string; version: number }[] }).rows;
  const out = new Map<string, Candidate>();
  for (const r of rows) {
    if (!out.has(r.id)) {
      out.set(r.id, { id: r.id, name: r.name, birthDate: r.birth_date, employer: r.employer, idNumberHash: r.id_number_hash, phoneHashes: r.phone_hashes, ownerCountyId: r.owner_county_id, version: Number(r.version) });
    }
  }
  return [...out.values()];
}
