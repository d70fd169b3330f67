import { and, desc, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import { IMMEDIATE_FIELDS, REVIEWED_FIELDS, type PortalProfile, type PortalProfileBodySchema, type PortalProfileFields } from '../../../../contracts/portal.ts';
import type { TalentFields } from '../../../../contracts/talents.ts';
import type { Db } from '../../db/client.ts';
import { chamberMembers, chambers, counties, portalChanges, portalRegistrations, talentHistory, talents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import { versionConflict } from '../../lib/errors.ts';
import { getPii, type Pii } from '../../lib/pii.ts';
import { rowToFields, type TalentRow } from '../talents/talent-record.ts';
import { updateTalentRecord } from '../talents/talents.service.ts';
import { requireConsent } from './consent.service.ts';
import { accountLabel, loadAccount, portalWriter, type PortalAccountRow, type PortalCtx } from './portal-context.ts';
import { matchRegistration, maskedId, openProfile, sealProfile, talentRow, validateProfile, type SealedProfile } from './profile-data.ts';

/**
 * "My profile" (我的登记信息). Before the account is linked, a submission is a registration waiting
 * for its county (registration kept in portal_registrations, see profile-data.ts for matching).
 * Once linked, contact details and free text apply to the registry record at once (history
 * `portal_update`); identity and classification fields become one pending change for the owning
 * county (portal_changes). Both write talent history through talents.service.
 */
type Body = z.infer<typeof PortalProfileBodySchema>;
const PROFILE_KEYS = [...REVIEWED_FIELDS, ...IMMEDIATE_FIELDS] as const;
type ProfileKey = (typeof PROFILE_KEYS)[number];

/** The registry record of a linked account; a record merged away meanwhile is followed to its survivor. */
export async function linkedTalent(db: Db, account: PortalAccountRow): Promise<TalentRow | null> {
  if (!account.talentId) return null;
  let row = await talentRow(db, account.talentId);
  if (!row) {
    const [m] = await db.select({ into: talents.mergedInto }).from(talents).where(eq(talents.id, account.talentId));
    if (m?.into) row = await talentRow(db, m.into);
  }
  return row;
}

async function chamberOf(db: Db, talentId: string): Promise<string | null> {
  const [m] = await db.select({ id: chamberMembers.chamberId }).from(chamberMembers).where(eq(chamberMembers.talentId, talentId));
  return m?.id ?? null;
}

async function names(db: Db, countyId: string | null | undefined, chamberId: string | null | undefined) {
  const [c] = countyId ? await db.select({ name: counties.name }).from(counties).where(eq(counties.id, countyId)) : [];
  const [ch] = chamberId ? await db.select({ name: chambers.name }).from(chambers).where(eq(chambers.id, chamberId)) : [];
  return { nativeCountyName: c?.name ?? null, chamberName: ch?.name ?? null };
}

function pickProfile(f: Partial<TalentFields> & { chamberId?: string | null }): Partial<PortalProfileFields> {
  const out: Record<string, unknown> = {};
  for (const k of PROFILE_KEYS) if (f[k as keyof typeof f] !== undefined) out[k] = f[k as keyof typeof f];
  return out as Partial<PortalProfileFields>;
}

export async function latestRegistration(db: Db, accountId: string) {
  const [r] = await db
    .select()
    .from(portalRegistrations)
    .where(and(eq(portalRegistrations.accountId, accountId), ne(portalRegistrations.status, 'withdrawn')))
    .orderBy(desc(portalRegistrations.createdAt))
    .limit(1);
  return r ?? null;
}

export async function getProfile(pctx: PortalCtx): Promise<PortalProfile> {
  const account = await loadAccount(pctx.db, pctx.accountId);
  const pii = await getPii(pctx.db, pctx.env);
  return profileOf(pctx.db, pii, account);
}

async function profileOf(db: Db, pii: Pii, account: PortalAccountRow): Promise<PortalProfile> {
  const reg = await latestRegistration(db, account.id);
  const registration = reg ? { status: reg.status, kind: reg.kind as 'new' | 'link', reason: reg.reason, createdAt: reg.createdAt.toISOString(), reviewedAt: reg.reviewedAt?.toISOString() ?? null } : null;
  const changeRows = await db.select().from(portalChanges).where(eq(portalChanges.accountId, account.id)).orderBy(desc(portalChanges.createdAt)).limit(10);
  const changes = changeRows.map((c) => ({
    id: c.id,
    status: c.status as 'pending',
    changes: c.changes as { field: string; before: unknown; after: unknown }[],
    reason: c.reason,
    createdAt: c.createdAt.toISOString(),
    reviewedAt: c.reviewedAt?.toISOString() ?? null,
  }));
  const talent = await linkedTalent(db, account);
  if (talent) {
    const f = { ...pickProfile(rowToFields(talent, pii)), chamberId: await chamberOf(db, talent.id) };
    const { idNumber, ...fields } = f;
    return { status: 'linked', version: talent.version, fields, idNumberMasked: maskedId(idNumber), ...(await names(db, f.nativeCountyId, f.chamberId)), registration, changes };
  }
  if (!reg) return { status: 'none', version: null, fields: {}, idNumberMasked: null, nativeCountyName: null, chamberName: null, registration: null, changes };
  const { idNumber, ...fields } = openProfile(pii, reg.data as SealedProfile);
  return {
    status: reg.status === 'pending' ? 'pending' : reg.status === 'rejected' ? 'rejected' : 'none',
    version: reg.status === 'pending' ? reg.version : null,
    fields,
    idNumberMasked: maskedId(idNumber),
    ...(await names(db, fields.nativeCountyId, fields.chamberId)),
    registration,
    changes,
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export async function saveProfile(pctx: PortalCtx, body: Body) {
  const { db, env } = pctx;
  await requireConsent(db, pctx.accountId, { sensitive: !!body.idNumber });
  const account = await loadAccount(db, pctx.accountId);
  const pii = await getPii(db, env);
  const { version, ...input } = body;
  const talent = await linkedTalent(db, account);
  if (talent) return saveLinked(pctx, pii, account, talent, version, input);

  // Not linked yet: the whole form is the registration. The verified login phone is a contact phone.
  const phones = [...new Set([...(account.phoneEnc ? [pii.decrypt(account.phoneEnc)] : []), ...(input.phones ?? [])])].slice(0, 5);
  const fields = await validateProfile(db, { ...input, phones });
  const match = await matchRegistration(db, pii, fields);
  const current = await latestRegistration(db, account.id);
  const values = { kind: match.kind, countyId: match.countyId, matchTalentId: match.matchTalentId, matchReasons: match.reasons, candidateIds: match.candidateIds, data: sealProfile(pii, fields), updatedAt: new Date() };
  await db.transaction(async (tx) => {
    let id: string;
    if (current?.status === 'pending') {
      if (version !== undefined && version !== current.version) throw versionConflict();
      const [r] = await tx
        .update(portalRegistrations)
        .set({ ...values, version: current.version + 1 })
        .where(and(eq(portalRegistrations.id, current.id), eq(portalRegistrations.version, current.version)))
        .returning({ id: portalRegistrations.id });
      if (!r) throw versionConflict();
      id = r.id;
    } else {
      const [r] = await tx.insert(portalRegistrations).values({ ...values, accountId: account.id }).returning({ id: portalRegistrations.id });
      id = r!.id;
    }
    await appendAudit(tx, { action: 'portal.registration_submit', actorId: account.id, actorName: accountLabel(account), ip: pctx.ip, targetType: 'portal_registration', targetId: id, detail: { kind: match.kind, fields: Object.keys(fields) } });
  });
  return { profile: await profileOf(db, pii, account), applied: [] as string[], pending: Object.keys(fields) };
}

/** Display form of a reviewed field's value: masked ID number, county name. */
async function display(db: Db, field: string, v: unknown): Promise<unknown> {
  if (field === 'idNumber') return maskedId(v as string | null);
  if (field === 'nativeCountyId') return (await names(db, v as string | null, null)).nativeCountyName;
  return v ?? null;
}

async function saveLinked(pctx: PortalCtx, pii: Pii, account: PortalAccountRow, talent: TalentRow, version: number | undefined, input: Omit<Body, 'version'>) {
  const { db, env } = pctx;
  if (version !== undefined && version !== talent.version) throw versionConflict();
  const current = { ...pickProfile(rowToFields(talent, pii)), chamberId: await chamberOf(db, talent.id) };
  const changed = PROFILE_KEYS.filter((k) => input[k] !== undefined && !same(input[k], current[k]));
  const merged = await validateProfile(db, { ...current, ...pickProfile(input) });
  const immediate = changed.filter((k): k is (typeof IMMEDIATE_FIELDS)[number] => (IMMEDIATE_FIELDS as readonly string[]).includes(k));
  const reviewed = changed.filter((k) => (REVIEWED_FIELDS as readonly string[]).includes(k));
  const writer = portalWriter(account, pctx.ip);
  const registryFields = immediate.filter((k) => k !== 'chamberId');
  if (registryFields.length) {
    const patch = Object.fromEntries(registryFields.map((k) => [k, merged[k]])) as Partial<TalentFields>;
    await updateTalentRecord(db, env, writer, talent, talent.version, patch, { action: 'portal_update', note: '本人在一家人云服务平台更新', auditAction: 'portal.profile_update' });
  }
  if (immediate.includes('chamberId')) await setChamber(db, writer, talent.id, current.chamberId ?? null, input.chamberId ?? null);
  if (reviewed.length) {
    const proposed = Object.fromEntries(reviewed.map((k) => [k, merged[k as ProfileKey]])) as Partial<PortalProfileFields>;
    const changes: { field: string; before: unknown; after: unknown }[] = [];
    for (const k of reviewed) changes.push({ field: k, before: await display(db, k, current[k as ProfileKey]), after: await display(db, k, proposed[k as keyof typeof proposed]) });
    await db.transaction(async (tx) => {
      // One pending change per record: a new request replaces the one not yet reviewed.
      await tx.update(portalChanges).set({ status: 'withdrawn', updatedAt: new Date() }).where(and(eq(portalChanges.talentId, talent.id), eq(portalChanges.status, 'pending')));
      const [c] = await tx.insert(portalChanges).values({ accountId: account.id, talentId: talent.id, countyId: talent.ownerCountyId, proposed: sealProfile(pii, proposed), changes }).returning({ id: portalChanges.id });
      await appendAudit(tx, { action: 'portal.change_submit', actorId: account.id, actorName: accountLabel(account), ip: pctx.ip, targetType: 'portal_change', targetId: c!.id, detail: { talentId: talent.id, fields: reviewed } });
    });
  }
  const fresh = await loadAccount(db, account.id);
  return { profile: await profileOf(db, pii, fresh), applied: immediate as string[], pending: reviewed as string[] };
}

/** States or changes the talent's chamber (商会会员), with a history line and an audit entry. */
export async function setChamber(db: Db, writer: { id: string | null; name: string; ip: string | null }, talentId: string, before: string | null, after: string | null) {
  const n = async (id: string | null) => (id ? (await names(db, null, id)).chamberName : null);
  const change = { field: 'chamber', before: await n(before), after: await n(after) };
  await db.transaction(async (tx) => {
    if (after) {
      await tx.insert(chamberMembers).values({ talentId, chamberId: after, source: 'portal' }).onConflictDoUpdate({ target: chamberMembers.talentId, set: { chamberId: after, source: 'portal', statedAt: new Date() } });
    } else {
      await tx.delete(chamberMembers).where(eq(chamberMembers.talentId, talentId));
    }
    await tx.insert(talentHistory).values({ talentId, actorId: writer.id, actorName: writer.name, action: 'portal_update', changes: [change], note: '本人在一家人云服务平台更新所属商会' });
    await appendAudit(tx, { action: 'portal.profile_update', actorId: writer.id, actorName: writer.name, ip: writer.ip, targetType: 'talent', targetId: talentId, detail: { fields: ['chamber'] } });
  });
}

