import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { CollectTalentBodySchema, CollectTalentResultSchema } from '../../../../contracts/hotline.ts';
import { CreateTalentBodySchema, PatchTalentBodySchema } from '../../../../contracts/talents.ts';
import type { RoleBinding } from '../../../../contracts/auth.ts';
import { hotlineCaseEvents, hotlineCases, talents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { getPii } from '../../lib/pii.ts';
import { findCandidates, keysOfRow, loadDuplicateRules, MATCH_REASON_LABELS, scorePair, type MatchKeys } from '../talents/duplicate-rules.ts';
import { loadNameMaps } from '../talents/talent-lookups.ts';
import { rowToFields } from '../talents/talent-record.ts';
import { createTalent, patchTalent } from '../talents/talents.service.ts';
import { writeScope } from '../talents/talents.policy.ts';
import { talentBrief } from './case-view.ts';
import { loadCase } from './hotline.service.ts';
import { parseInput } from './parse.ts';

type Result = z.infer<typeof CollectTalentResultSchema>;

/**
 * An information-collection call (信息收集) writes the registry as the desk's level would: a
 * hotline agent of a county registers into that county like its talent office, a city-level agent
 * anywhere. Only for this call; everything else (validation, ID number uniqueness, history, audit)
 * is the registry's own code.
 */
export function asRegistryWriter(ctx: Ctx): Ctx {
  const roles: RoleBinding[] = ctx.user.roles.map((r) =>
    r.role === 'hotline_agent' ? { ...r, role: r.countyId ? 'county_admin' : 'city_admin' } : r,
  );
  return { ...ctx, user: { ...ctx.user, roles } };
}

/**
 * Creates or updates the caller's registry record from the call, with the registry's duplicate
 * rules: `auto` updates the one confident match the desk may write, creates a record (source
 * 返乡热线) when there is none, and asks to choose when there are several; a match only outside
 * the desk's scope is refused like in the import. The caller's phone joins the record's phones.
 * The case is then linked to the record.
 */
export async function collectTalent(ctx: Ctx, caseId: string, body: z.infer<typeof CollectTalentBodySchema>): Promise<Result> {
  const row = await loadCase(ctx, caseId);
  if (row.status === 'closed' || row.status === 'cancelled') throw conflict('已办结或已撤销的诉求不能再登记人才信息');
  const writer = asRegistryWriter(ctx);
  const pii = await getPii(ctx.db, ctx.env);
  const callerPhone = row.callerPhoneEnc ? pii.decrypt(row.callerPhoneEnc) : null;
  const rawPhones = Array.isArray(body.fields.phones) ? (body.fields.phones as unknown[]) : [];
  const fields = { ...body.fields, phones: [...new Set([...rawPhones, ...(callerPhone ? [callerPhone] : [])])] };

  let mode = body.mode;
  let targetId = body.talentId;
  if (mode === 'auto') {
    const probe = parseInput(CreateTalentBodySchema.partial().strict(), fields, 'fields.');
    if (!probe.name) throw invalid('fields.name', '请输入姓名');
    const keys: MatchKeys = {
      idHash: probe.idNumber ? pii.blindIndex('id', probe.idNumber) : null,
      phoneHashes: (probe.phones ?? []).map((p) => pii.blindIndex('phone', p)),
      name: probe.name,
      birthDate: probe.birthDate ?? null,
      employer: probe.employer ?? null,
    };
    const rules = await loadDuplicateRules(ctx.db);
    const scored = (await findCandidates(ctx.db, [keys]))
      .map((c) => ({ c, s: scorePair(keys, keysOfRow(c), rules) }))
      .filter((x) => x.s.match)
      .sort((a, b) => b.s.score - a.s.score);
    const writable = scored.length
      ? new Set((await ctx.db.select({ id: talents.id }).from(talents).where(and(inArray(talents.id, scored.map((x) => x.c.id)), writeScope(writer.user)))).map((r) => r.id))
      : new Set<string>();
    const mine = scored.filter((x) => writable.has(x.c.id));
    if (scored.length && !mine.length) throw conflict('该人员已在其他县（市、区）登记，请转相应县（市、区）热线或联系市委人才办', [{ field: 'fields.name', message: '该人员已在其他县（市、区）登记' }]);
    if (mine.length > 1) {
      const full = await ctx.db.select().from(talents).where(inArray(talents.id, mine.map((x) => x.c.id)));
      const names = (await loadNameMaps(ctx.db)).counties;
      return {
        result: 'choose',
        talentId: null,
        candidates: mine.map((x) => ({ ...talentBrief(full.find((f) => f.id === x.c.id)!, names), reasons: x.s.reasons.map((r) => MATCH_REASON_LABELS[r]), score: x.s.score })),
      };
    }
    mode = mine.length === 1 ? 'update' : 'create';
    targetId = mine[0]?.c.id;
  }

  let talentId: string;
  let action: 'created' | 'updated';
  if (mode === 'create') {
    const input = parseInput(CreateTalentBodySchema, { ...fields, source: 'hotline' }, 'fields.');
    talentId = (await createTalent(writer, input)).id;
    action = 'created';
  } else {
    if (!targetId) throw invalid('talentId', '请选择要更新的人才记录');
    const [current] = await ctx.db.select().from(talents).where(and(eq(talents.id, targetId), writeScope(writer.user)));
    if (!current) throw notFound('人才记录');
    const known = rowToFields(current, pii).phones ?? [];
    const { ownerCountyId: _o, source: _s, ...rest } = fields as Record<string, unknown>;
    const patch = parseInput(PatchTalentBodySchema, { ...rest, phones: [...new Set([...known, ...fields.phones])], version: body.version ?? current.version }, 'fields.');
    talentId = (await patchTalent(writer, targetId, patch)).id;
    action = 'updated';
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(hotlineCases).set({ talentId, updatedAt: new Date() }).where(eq(hotlineCases.id, caseId));
    await tx.insert(hotlineCaseEvents).values({ caseId, actorId: ctx.user.id, actorName: ctx.user.username, action: 'talent', note: action === 'created' ? '登记新的人才信息' : '更新人才信息', detail: { talentId, action } });
    await appendAudit(tx, { action: 'hotline.case_talent', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'hotline_case', targetId: caseId, detail: { talentId, action } });
  });
  return { result: action, talentId, candidates: [] };
}
