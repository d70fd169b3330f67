import { and, eq, inArray, isNull, ne, notInArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { MergeBody, MergeResultSchema } from '../../../../../contracts/talent-merge.ts';
import { TALENT_FIELD_LABELS } from '../../../../../contracts/talents.ts';
import { talentHistory, talents } from '../../../db/schema/index.ts';
import { appendAudit } from '../../../lib/audit.ts';
import type { Ctx } from '../../../lib/context.ts';
import { conflict, invalid, notFound, versionConflict } from '../../../lib/errors.ts';
import { getPii } from '../../../lib/pii.ts';
import { loadNameMaps } from '../talent-lookups.ts';
import { derivedSearchColumns, diffTalent, plainColumns, rowToFields, sensitiveColumns, toTalent, type TalentInsert } from '../talent-record.ts';
import { completeAndValidate } from '../talent-validate.ts';
import { assertCanOwn } from '../talents.policy.ts';
import { combineFields } from './merge-fields.ts';
import { asMerger, mergeScope } from './merge.policy.ts';
import { moveTalentLinks } from './talent-links.ts';

type MergeResult = z.infer<typeof MergeResultSchema>;

/** Both records in the user's merge scope and not merged away — otherwise 404, audited. */
async function loadPair(ctx: Ctx, survivorId: string, mergedId: string) {
  const rows = await ctx.db.select().from(talents).where(and(inArray(talents.id, [survivorId, mergedId]), mergeScope(ctx.user)));
  const s = rows.find((r) => r.id === survivorId);
  const m = rows.find((r) => r.id === mergedId);
  if (!s || !m) {
    throw notFound('人才记录', { type: 'talent', id: s ? mergedId : survivorId });
  }
  return { s, m };
}

/**
 * Merges `mergedId` into `survivorId`: the survivor takes the chosen fields and the union of
 * phones/honours/tags (PII re-encrypted, blind indexes, masks and search columns recomputed),
 * everything that points at the merged record moves to the survivor (talent-links.ts), the merged
 * record gets `merged_into` and disappears from every list. One transaction, with history and audit.
 */
export async function mergeTalents(ctx: Ctx, body: MergeBody): Promise<MergeResult> {
  if (body.survivorId === body.mergedId) throw invalid('mergedId', '不能把记录与自身合并，请选择两条不同的记录');
  const { s, m } = await loadPair(ctx, body.survivorId, body.mergedId);
  if (s.version !== body.survivorVersion || m.version !== body.mergedVersion) throw versionConflict();
  if (s.accountUserId && m.accountUserId && s.accountUserId !== m.accountUserId) {
    throw conflict('两条记录分别关联了不同的本人账号，无法合并；请联系市委人才办处理');
  }
  const pii = await getPii(ctx.db, ctx.env);
  const { fields, taken } = combineFields(rowToFields(s, pii), rowToFields(m, pii), body.fields);
  const complete = await completeAndValidate(ctx.db, fields);
  if (complete.ownerCountyId !== s.ownerCountyId || (complete.outpostId ?? null) !== s.outpostId) {
    assertCanOwn(asMerger(ctx.user), complete.ownerCountyId!, complete.outpostId);
  }
  const secret = sensitiveColumns(pii, { idNumber: complete.idNumber ?? null, phones: complete.phones ?? [] });
  if (secret.idNumberHash) {
    const clash = await ctx.db
      .select({ id: talents.id })
      .from(talents)
      .where(and(eq(talents.idNumberHash, secret.idNumberHash), isNull(talents.mergedInto), notInArray(talents.id, [s.id, m.id])))
      .limit(1);
    if (clash.length) throw conflict('该证件号码已在其他人才记录中登记，无法合并', [{ field: 'idNumber', message: '该证件号码已登记' }]);
  }
  const values = { ...plainColumns(complete), ...secret } as TalentInsert;
  const search = derivedSearchColumns({ name: values.name, employer: values.employer ?? null, school: values.school ?? null, specialty: values.specialty ?? null });
  const takenText = taken.map((f) => TALENT_FIELD_LABELS[f] ?? f).join('、') || '无';
  const note = `合并记录「${m.name}」（${m.id}）；取自被合并记录的字段：${takenText}`;
  const actor = { actorId: ctx.user.id, actorName: ctx.user.username };
  const { after, moved } = await ctx.db.transaction(async (tx) => {
    // The merged record first, so its ID number no longer counts as registered.
    const [gone] = await tx
      .update(talents)
      .set({ mergedInto: s.id, version: sql`${talents.version} + 1`, updatedAt: new Date() })
      .where(and(eq(talents.id, m.id), eq(talents.version, m.version), isNull(talents.mergedInto)))
      .returning({ id: talents.id });
    if (!gone) throw versionConflict();
    const [r] = await tx
      .update(talents)
      .set({
        ...values,
        ...search,
        accountUserId: s.accountUserId ?? m.accountUserId,
        consent: s.consent ?? m.consent,
        campaignId: s.campaignId ?? m.campaignId,
        version: sql`${talents.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(talents.id, s.id), eq(talents.version, s.version), isNull(talents.mergedInto), ne(talents.id, m.id)))
      .returning();
    if (!r) throw versionConflict();
    const moved = await moveTalentLinks(tx, m.id, s.id, `原属被合并记录「${m.name}」`);
    await tx.insert(talentHistory).values([
      { talentId: s.id, ...actor, action: 'merge', changes: diffTalent(s, r), note },
      { talentId: m.id, ...actor, action: 'merged', changes: [], note: `已合并到记录「${s.name}」（${s.id}）` },
    ]);
    await appendAudit(tx, {
      action: 'talent.merge', ...actor, ip: ctx.ip, targetType: 'talent', targetId: s.id,
      detail: { survivorId: s.id, mergedId: m.id, takenFromMerged: taken, moved },
    });
    return { after: r, moved };
  });
  return { survivor: toTalent(after, await loadNameMaps(ctx.db)), mergedId: m.id, takenFromMerged: taken, moved };
}
