import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateTalentBodySchema, PatchTalentBodySchema, Talent, TalentFields } from '../../../../contracts/talents.ts';
import { talentHistory, talents, users } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, forbidden, notFound, versionConflict } from '../../lib/errors.ts';
import { getPii } from '../../lib/pii.ts';
import { loadNameMaps } from './talent-lookups.ts';
import { derivedSearchColumns, diffTalent, plainColumns, rowToFields, sensitiveColumns, toTalent, type TalentRow } from './talent-record.ts';
import { completeAndValidate } from './talent-validate.ts';
import { assertCanOwn, canViewPii, talentScope, writeScope } from './talents.policy.ts';

const DEFAULTS: Partial<TalentFields> = { isNative: true, category: 'other', status: 'abroad', phones: [], honours: [], tags: [] };

async function assertIdNumberFree(ctx: Ctx, hash: string | null | undefined, exceptId?: string) {
  if (!hash) return;
  const rows = await ctx.db
    .select({ id: talents.id })
    .from(talents)
    .where(and(eq(talents.idNumberHash, hash), sql`${talents.mergedInto} is null`))
    .limit(2);
  if (rows.some((r) => r.id !== exceptId)) {
    // Says that the number is registered, never where: the record may be out of this user's scope.
    throw conflict('该证件号码已在人才库中登记，请勿重复录入；如需核实请联系市委人才办', [{ field: 'idNumber', message: '该证件号码已登记' }]);
  }
}

export async function createTalent(ctx: Ctx, input: z.infer<typeof CreateTalentBodySchema>): Promise<Talent> {
  const fields = await completeAndValidate(ctx.db, { ...DEFAULTS, source: 'county', ...input });
  assertCanOwn(ctx.user, fields.ownerCountyId!, fields.outpostId);
  const pii = await getPii(ctx.db, ctx.env);
  const secret = sensitiveColumns(pii, fields);
  await assertIdNumberFree(ctx, secret.idNumberHash);
  const base = { ...plainColumns(fields), ...secret } as typeof talents.$inferInsert;
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(talents)
      .values({ ...base, ...derivedSearchColumns({ name: base.name, employer: base.employer ?? null, school: base.school ?? null, specialty: base.specialty ?? null }), createdBy: ctx.user.id })
      .returning();
    await tx.insert(talentHistory).values({ talentId: r!.id, actorId: ctx.user.id, actorName: ctx.user.username, action: 'create', changes: [] });
    await appendAudit(tx, { action: 'talent.create', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent', targetId: r!.id });
    return r!;
  });
  return toTalent(row, await loadNameMaps(ctx.db));
}

async function loadInScope(ctx: Ctx, id: string, forWrite = false): Promise<TalentRow> {
  const [row] = await ctx.db
    .select()
    .from(talents)
    .where(and(eq(talents.id, id), forWrite ? writeScope(ctx.user) : talentScope(ctx.user)));
  if (!row) {
    // Out of scope looks exactly like missing; the attempt is still worth an audit line.
    await appendAudit(ctx.db, { action: 'talent.not_found', outcome: 'denied', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent', targetId: id });
    throw notFound('人才记录');
  }
  return row;
}

export async function getTalent(ctx: Ctx, id: string): Promise<Talent> {
  return toTalent(await loadInScope(ctx, id), await loadNameMaps(ctx.db));
}

export async function patchTalent(ctx: Ctx, id: string, input: z.infer<typeof PatchTalentBodySchema>): Promise<Talent> {
  const before = await loadInScope(ctx, id, true);
  const { version, ...changes } = input;
  if (before.version !== version) throw versionConflict();
  const pii = await getPii(ctx.db, ctx.env);
  const existing = rowToFields(before, pii);
  const merged = await completeAndValidate(ctx.db, { ...existing, ...changes });
  if (merged.ownerCountyId !== before.ownerCountyId || (merged.outpostId ?? null) !== before.outpostId) {
    assertCanOwn(ctx.user, merged.ownerCountyId!, merged.outpostId);
  }
  const secret = sensitiveColumns(pii, { idNumber: merged.idNumber ?? null, phones: merged.phones ?? [] });
  if (secret.idNumberHash !== before.idNumberHash) await assertIdNumberFree(ctx, secret.idNumberHash, id);
  const values = { ...plainColumns(merged), ...secret } as typeof talents.$inferInsert;
  const after = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .update(talents)
      .set({ ...values, ...derivedSearchColumns({ name: values.name, employer: values.employer ?? null, school: values.school ?? null, specialty: values.specialty ?? null }), version: sql`${talents.version} + 1`, updatedAt: new Date() })
      .where(and(eq(talents.id, id), eq(talents.version, version)))
      .returning();
    if (!r) throw versionConflict();
    const diff = diffTalent(before, r);
    await tx.insert(talentHistory).values({ talentId: id, actorId: ctx.user.id, actorName: ctx.user.username, action: 'update', changes: diff });
    await appendAudit(tx, { action: 'talent.update', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent', targetId: id, detail: { fields: diff.map((d) => d.field) } });
    return r;
  });
  return toTalent(after, await loadNameMaps(ctx.db));
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
