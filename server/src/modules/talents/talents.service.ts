import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateTalentBodySchema, PatchTalentBodySchema, Talent, TalentFields } from '../../../../contracts/talents.ts';
import { talentHistory, talents, users } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Db } from '../../db/client.ts';
import type { Env } from '../../env.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { getPii } from '../../lib/pii.ts';
import { loadNameMaps } from './talent-lookups.ts';
import { derivedSearchColumns, diffTalent, plainColumns, rowToFields, sensitiveColumns, toTalent, type TalentRow } from './talent-record.ts';
import { completeAndValidate } from './talent-validate.ts';
import { assertCanOwn, canViewPii, talentScope, writeScope } from './talents.policy.ts';

const DEFAULTS: Partial<TalentFields> = { isNative: true, category: 'other', status: 'abroad', phones: [], honours: [], tags: [] };

async function assertIdNumberFree(db: Db, hash: string | null | undefined, exceptId?: string) {
  if (!hash) return;
  const rows = await db
    .select({ id: talents.id })
    .from(talents)
    .where(and(eq(talents.idNumberHash, hash), sql`${talents.mergedInto} is null`))
    .limit(2);
  if (rows.some((r) => r.id !== exceptId)) {
    // Says that the number is registered, never where: the record may be out of this user's scope.
    throw conflict('该证件号码已在人才库中登记，请勿重复录入；如需核实请联系市委人才办', [{ field: 'idNumber', message: '该证件号码已登记' }]);
  }
}

/**
 * Who writes a talent record, as history and audit name them: a staff user, or a talent on the
 * portal (modules/portal), whose account id is not a users row.
 */
export interface TalentWriter {
  id: string | null;
  name: string;
  ip: string | null;
}
/** History action/note and audit action of a write (defaults: create/update, talent.create/talent.update). */
export interface TalentWriteOptions {
  action?: string;
  note?: string | null;
  auditAction?: string;
  auditDetail?: Record<string, unknown>;
}

/**
 * Inserts a new record with its history and audit entries (in a transaction, or the caller's).
 * No scope check here: createTalent and the portal's registration approval check first.
 */
export async function insertTalentRecord(
  db: Db,
  env: Env,
  actor: TalentWriter,
  input: Partial<TalentFields>,
  opts: TalentWriteOptions & { check?: (fields: Partial<TalentFields>) => void } = {},
): Promise<TalentRow> {
  const fields = await completeAndValidate(db, { ...DEFAULTS, ...input });
  opts.check?.(fields);
  const pii = await getPii(db, env);
  const secret = sensitiveColumns(pii, fields);
  await assertIdNumberFree(db, secret.idNumberHash);
  const base = { ...plainColumns(fields), ...secret } as typeof talents.$inferInsert;
  return db.transaction(async (tx) => {
    const [r] = await tx
      .insert(talents)
      .values({ ...base, ...derivedSearchColumns({ name: base.name, employer: base.employer ?? null, school: base.school ?? null, specialty: base.specialty ?? null }), createdBy: actor.id })
      .returning();
    await tx.insert(talentHistory).values({ talentId: r!.id, actorId: actor.id, actorName: actor.name, action: opts.action ?? 'create', changes: [], note: opts.note ?? null });
    await appendAudit(tx, { action: opts.auditAction ?? 'talent.create', actorId: actor.id, actorName: actor.name, ip: actor.ip, targetType: 'talent', targetId: r!.id, detail: opts.auditDetail });
    return r!;
  });
}

/**
 * Applies `changes` to a record read before (`before`, at `version`): validation of the merged
 * record, ID number uniqueness, version check (409 when stale), history diff and audit entry.
 * `check` sees the merged fields before anything is written (ownership rules of the caller).
 */
export async function updateTalentRecord(
  db: Db,
  env: Env,
  actor: TalentWriter,
  before: TalentRow,
  version: number,
  changes: Partial<TalentFields>,
  opts: TalentWriteOptions & { check?: (merged: Partial<TalentFields>) => void } = {},
): Promise<{ row: TalentRow; diff: ReturnType<typeof diffTalent> }> {
  if (before.version !== version) throw versionConflict();
  const pii = await getPii(db, env);
  const existing = rowToFields(before, pii);
  const merged = await completeAndValidate(db, { ...existing, ...changes });
  opts.check?.(merged);
  const secret = sensitiveColumns(pii, { idNumber: merged.idNumber ?? null, phones: merged.phones ?? [] });
  if (secret.idNumberHash !== before.idNumberHash) await assertIdNumberFree(db, secret.idNumberHash, before.id);
  const values = { ...plainColumns(merged), ...secret } as typeof talents.$inferInsert;
  return db.transaction(async (tx) => {
    const [r] = await tx
      .update(talents)
      .set({ ...values, ...derivedSearchColumns({ name: values.name, employer: values.employer ?? null, school: values.school ?? null, specialty: values.specialty ?? null }), version: sql`${talents.version} + 1`, updatedAt: new Date() })
      .where(and(eq(talents.id, before.id), eq(talents.version, version)))
      .returning();
    if (!r) throw versionConflict();
    const diff = diffTalent(before, r);
    await tx.insert(talentHistory).values({ talentId: before.id, actorId: actor.id, actorName: actor.name, action: opts.action ?? 'update', changes: diff, note: opts.note ?? null });
    await appendAudit(tx, { action: opts.auditAction ?? 'talent.update', actorId: actor.id, actorName: actor.name, ip: actor.ip, targetType: 'talent', targetId: before.id, detail: { fields: diff.map((d) => d.field), ...opts.auditDetail } });
    return { row: r, diff };
  });
}

const writerOf = (ctx: Ctx): TalentWriter => ({ id: ctx.user.id, name: ctx.user.username, ip: ctx.ip });

export async function createTalent(ctx: Ctx, input: z.infer<typeof CreateTalentBodySchema>): Promise<Talent> {
  const row = await insertTalentRecord(ctx.db, ctx.env, writerOf(ctx), { source: 'county', ...input }, {
    check: (fields) => assertCanOwn(ctx.user, fields.ownerCountyId!, fields.outpostId),
  });
  return toTalent(row, await loadNameMaps(ctx.db));
}

async function loadInScope(ctx: Ctx, id: string, forWrite = false): Promise<TalentRow> {
  const [row] = await ctx.db
    .select()
    .from(talents)
    .where(and(eq(talents.id, id), forWrite ? writeScope(ctx.user) : talentScope(ctx.user)));
  if (!row) {
    // Out of scope looks exactly like missing; the error handler audits the attempt (access.denied).
    throw notFound('人才记录', { type: 'talent', id });
  }
  return row;
}

export async function getTalent(ctx: Ctx, id: string): Promise<Talent> {
  return toTalent(await loadInScope(ctx, id), await loadNameMaps(ctx.db));
}

export async function patchTalent(ctx: Ctx, id: string, input: z.infer<typeof PatchTalentBodySchema>): Promise<Talent> {
  const before = await loadInScope(ctx, id, true);
  const { version, ...changes } = input;
  const { row } = await updateTalentRecord(ctx.db, ctx.env, writerOf(ctx), before, version, changes, {
    check: (merged) => {
      if (merged.ownerCountyId !== before.ownerCountyId || (merged.outpostId ?? null) !== before.outpostId) {
        assertCanOwn(ctx.user, merged.ownerCountyId!, merged.outpostId);
      }
    },
  });
  return toTalent(row, await loadNameMaps(ctx.db));
}

export async function talentHistoryOf(ctx: Ctx, id: string) {
  await loadInScope(ctx, id);
  // Shown by display name (李市办), falling back to the recorded login name for removed accounts.
  const rows = await ctx.db
    .select({ h: talentHistory, displayName: users.displayName })
    .from(talentHistory)
    .leftJoin(users, eq(users.id, talentHistory.actorId))
    .where(eq(talentHistory.talentId, id))
    .orderBy(desc(talentHistory.id))
    .limit(500);
  return rows.map(({ h, displayName }) => ({ id: h.id, at: h.at.toISOString(), actorName: displayName ?? h.actorName, action: h.action, changes: h.changes as { field: string; before: unknown; after: unknown }[], note: h.note }));
}

/** Unmasked ID number and phones: needs pii.view and writes an audit event. */
export async function revealTalent(ctx: Ctx, id: string): Promise<{ idNumber: string | null; phones: string[] }> {
  if (!canViewPii(ctx.user)) throw forbidden('没有查看敏感信息的权限');
  const row = await loadInScope(ctx, id);
  const pii = await getPii(ctx.db, ctx.env);
  const out = { idNumber: row.idNumberEnc ? pii.decrypt(row.idNumberEnc) : null, phones: row.phonesEnc.map((p) => pii.decrypt(p)) };
  await appendAudit(ctx.db, { action: 'talent.reveal', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent', targetId: id, detail: { fields: ['idNumber', 'phones'] } });
  return out;
}
