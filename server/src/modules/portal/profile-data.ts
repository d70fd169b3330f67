import { and, eq, inArray, isNull } from 'drizzle-orm';
import { maskIdNumber } from '../../../../contracts/id-number.ts';
import type { PortalProfileFields } from '../../../../contracts/portal.ts';
import type { TalentFields } from '../../../../contracts/talents.ts';
import type { Db } from '../../db/client.ts';
import { chambers, portalAccounts, talents } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import type { Pii } from '../../lib/pii.ts';
import { findCandidates, keysOfRow, loadDuplicateRules, scorePair, type MatchKeys, type MatchReason } from '../talents/duplicate-rules.ts';
import { completeAndValidate } from '../talents/talent-validate.ts';

/**
 * A submitted profile as stored in `portal_registrations.data` / `portal_changes.proposed`:
 * the portal fields with the ID number and phones sealed by lib/pii.ts (`idNumberEnc`, `phonesEnc`;
 * backup/rotate.ts re-seals them in place).
 */
export type SealedProfile = Omit<Partial<PortalProfileFields>, 'idNumber' | 'phones'> & { idNumberEnc?: string | null; phonesEnc?: string[] };

export function sealProfile(pii: Pii, f: Partial<PortalProfileFields>): SealedProfile {
  const { idNumber, phones, ...rest } = f;
  const out: SealedProfile = { ...rest };
  if (idNumber !== undefined) out.idNumberEnc = idNumber ? pii.encrypt(idNumber) : null;
  if (phones !== undefined) out.phonesEnc = phones.map((p) => pii.encrypt(p));
  return out;
}

export function openProfile(pii: Pii, s: SealedProfile): Partial<PortalProfileFields> {
  const { idNumberEnc, phonesEnc, ...rest } = s;
  const out: Partial<PortalProfileFields> = { ...rest };
  if (idNumberEnc !== undefined) out.idNumber = idNumberEnc ? pii.decrypt(idNumberEnc) : null;
  if (phonesEnc !== undefined) out.phones = phonesEnc.map((p) => pii.decrypt(p));
  return out;
}

export const maskedId = (id: string | null | undefined) => (id ? maskIdNumber(id) : null);

/**
 * Checks a talent's submission with the registry's own rules (completeAndValidate: cross-field
 * rules, ID checksum, references) as a record owned by the chosen native county, and the chamber.
 * Returns the fields completed from the ID number (birth date, gender).
 */
export async function validateProfile(db: Db, f: Partial<PortalProfileFields>): Promise<Partial<PortalProfileFields>> {
  const { chamberId, ...talentPart } = f;
  const done = await completeAndValidate(db, { ...talentPart, ownerCountyId: f.nativeCountyId, isNative: true, status: 'abroad', source: 'portal', category: f.category ?? 'other' } as Partial<TalentFields>);
  if (chamberId) {
    const [c] = await db.select({ id: chambers.id }).from(chambers).where(and(eq(chambers.id, chamberId), eq(chambers.active, true)));
    if (!c) throw invalid('chamberId', '所选商会不存在或已停用');
  }
  const out: Partial<PortalProfileFields> = { ...f };
  if (done.birthDate !== undefined) out.birthDate = done.birthDate;
  if (done.gender !== undefined) out.gender = done.gender;
  if (done.idType !== undefined) out.idType = done.idType;
  return out;
}

export interface RegistrationMatch {
  kind: 'new' | 'link';
  countyId: string;
  matchTalentId: string | null;
  reasons: MatchReason[];
  candidateIds: string[];
}

/**
 * Matches a registration against the registry with the duplicate rules (duplicate-rules.ts, the
 * same ones the import and the duplicates page use): exactly one matching record that no other
 * portal account holds is a confident match — the registration asks that record's county to
 * confirm the link. Otherwise a new record for the chosen native county; several matches are
 * listed as candidates for the county to choose from.
 */
export async function matchRegistration(db: Db, pii: Pii, f: Partial<PortalProfileFields>): Promise<RegistrationMatch> {
  const keys: MatchKeys = {
    idHash: f.idNumber ? pii.blindIndex('id', f.idNumber) : null,
    phoneHashes: (f.phones ?? []).map((p) => pii.blindIndex('phone', p)),
    name: f.name ?? '',
    birthDate: f.birthDate ?? null,
    employer: f.employer ?? null,
  };
  const rules = await loadDuplicateRules(db);
  const cands = await findCandidates(db, [keys]);
  const matched = cands.map((c) => ({ c, s: scorePair(keys, keysOfRow(c), rules) })).filter((x) => x.s.match).sort((a, b) => b.s.score - a.s.score);
  const ids = matched.map((m) => m.c.id);
  const taken = ids.length
    ? new Set((await db.select({ t: portalAccounts.talentId }).from(portalAccounts).where(and(inArray(portalAccounts.talentId, ids), eq(portalAccounts.status, 'active')))).map((r) => r.t))
    : new Set();
  const free = matched.filter((m) => !taken.has(m.c.id));
  if (matched.length === 1 && free.length === 1) {
    const m = free[0]!;
    return { kind: 'link', countyId: m.c.ownerCountyId, matchTalentId: m.c.id, reasons: m.s.reasons, candidateIds: [] };
  }
  return { kind: 'new', countyId: f.nativeCountyId!, matchTalentId: null, reasons: [], candidateIds: ids };
}

/** A live (not merged-away) registry record by id. */
export async function talentRow(db: Db, id: string) {
  const [row] = await db.select().from(talents).where(and(eq(talents.id, id), isNull(talents.mergedInto)));
  return row ?? null;
}
