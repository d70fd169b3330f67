import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DismissDuplicateBodySchema, DuplicateListQuerySchema, DuplicatePair } from '../../../../../contracts/talent-merge.ts';
import { talentDuplicateDismissals, talents } from '../../../db/schema/index.ts';
import { appendAudit } from '../../../lib/audit.ts';
import type { Ctx } from '../../../lib/context.ts';
import { invalid, notFound } from '../../../lib/errors.ts';
import { loadDuplicateRules, MATCH_REASON_LABELS, scorePair, type MatchKeys } from '../duplicate-rules.ts';
import { loadNameMaps } from '../talent-lookups.ts';
import { toTalent } from '../talent-record.ts';
import { mergeScope } from './merge.policy.ts';

interface CandidateRow {
  a: string;
  b: string;
  a_name: string;
  a_birth: string | null;
  a_employer: string | null;
  a_id_hash: string | null;
  a_phones: string[];
  b_name: string;
  b_birth: string | null;
  b_employer: string | null;
  b_id_hash: string | null;
  b_phones: string[];
}

const keys = (r: CandidateRow, s: 'a' | 'b'): MatchKeys => ({
  idHash: r[`${s}_id_hash`],
  phoneHashes: r[`${s}_phones`] ?? [],
  name: r[`${s}_name`],
  birthDate: r[`${s}_birth`],
  employer: r[`${s}_employer`],
});

/**
 * Pairs in the user's scope that share a signal of duplicate-rules.ts, found with one equi-join per
 * signal (each can use a hash join or an index; phones are unnested so overlapping arrays join on
 * equality). Only the matching keys are read here; whole records only for the page shown.
 */
async function candidatePairs(ctx: Ctx): Promise<CandidateRow[]> {
  const res = await ctx.db.execute(sql`
    with s as (
      select id, name, birth_date, employer, id_number_hash, phone_hashes,
             regexp_replace(regexp_replace(coalesce(employer, ''), '\\s+', '', 'g'), '[（(].*?[）)]', '', 'g') as emp
      from ${talents} where ${mergeScope(ctx.user)}
    ),
    ph as (select id, unnest(phone_hashes) as h from s),
    pairs as (
      select a.id as a, b.id as b from s a join s b on a.id_number_hash = b.id_number_hash and a.id < b.id
      union select a.id, b.id from ph a join ph b on a.h = b.h and a.id < b.id
      union select a.id, b.id from s a join s b on a.name = b.name and a.birth_date = b.birth_date and a.id < b.id
      union select a.id, b.id from s a join s b on a.name = b.name and a.emp = b.emp and a.emp <> '' and a.id < b.id
    )
    select p.a, p.b,
           sa.name as a_name, sa.birth_date::text as a_birth, sa.employer as a_employer, sa.id_number_hash as a_id_hash, sa.phone_hashes as a_phones,
           sb.name as b_name, sb.birth_date::text as b_birth, sb.employer as b_employer, sb.id_number_hash as b_id_hash, sb.phone_hashes as b_phones
    from pairs p join s sa on sa.id = p.a join s sb on sb.id = p.b
    where not exists (select 1 from ${talentDuplicateDismissals} d where d.talent_a = p.a and d.talent_b = p.b)`);
  return (res as unknown as { rows: CandidateRow[] }).rows;
}

export async function listDuplicates(ctx: Ctx, q: z.infer<typeof DuplicateListQuerySchema>) {
  const [rows, rules] = await Promise.all([candidatePairs(ctx), loadDuplicateRules(ctx.db)]);
  const scored = rows
    .map((r) => ({ a: r.a, b: r.b, ...scorePair(keys(r, 'a'), keys(r, 'b'), rules) }))
    .filter((p) => p.match)
    .sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
  const page = scored.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const ids = [...new Set(page.flatMap((p) => [p.a, p.b]))];
  const [records, names] = await Promise.all([
    ids.length ? ctx.db.select().from(talents).where(inArray(talents.id, ids)) : Promise.resolve([]),
    loadNameMaps(ctx.db),
  ]);
  const byId = new Map(records.map((r) => [r.id, toTalent(r, names)]));
  const items: DuplicatePair[] = page.map((p) => ({
    a: byId.get(p.a)!,
    b: byId.get(p.b)!,
    score: p.score,
    reasons: p.reasons.map((code) => ({ code, label: MATCH_REASON_LABELS[code] })),
  }));
  return { items, total: scored.length, page: q.page, pageSize: q.pageSize };
}

/** Both records in the user's merge scope, or 404 (the attempt audited like any out-of-scope access). */
async function assertPairInScope(ctx: Ctx, aId: string, bId: string): Promise<void> {
  if (aId === bId) throw invalid('bId', '请选择两条不同的记录');
  const found = await ctx.db.select({ id: talents.id }).from(talents).where(and(inArray(talents.id, [aId, bId]), mergeScope(ctx.user)));
  if (found.length < 2) {
    const missing = [aId, bId].find((id) => !found.some((f) => f.id === id))!;
    throw notFound('人才记录', { type: 'talent', id: missing });
  }
}

const canonical = (x: string, y: string) => (x < y ? { talentA: x, talentB: y } : { talentA: y, talentB: x });

/** "不是同一人": the pair is no longer suggested (for anyone — the decision is about the two records). */
export async function dismissDuplicate(ctx: Ctx, input: z.infer<typeof DismissDuplicateBodySchema>): Promise<{ ok: true }> {
  await assertPairInScope(ctx, input.aId, input.bId);
  const pair = canonical(input.aId, input.bId);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(talentDuplicateDismissals).values({ ...pair, dismissedBy: ctx.user.id, note: input.note ?? null }).onConflictDoNothing();
    await appendAudit(tx, { action: 'talent.duplicate.dismiss', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent', targetId: pair.talentA, detail: { ...pair, note: input.note ?? null } });
  });
  return { ok: true };
}

/** Undoes a dismissal: the pair is suggested again if it still matches. */
export async function restoreDuplicate(ctx: Ctx, input: z.infer<typeof DismissDuplicateBodySchema>): Promise<{ ok: true }> {
  await assertPairInScope(ctx, input.aId, input.bId);
  const pair = canonical(input.aId, input.bId);
  await ctx.db.transaction(async (tx) => {
    const del = await tx
      .delete(talentDuplicateDismissals)
      .where(and(eq(talentDuplicateDismissals.talentA, pair.talentA), eq(talentDuplicateDismissals.talentB, pair.talentB)))
      .returning({ a: talentDuplicateDismissals.talentA });
    if (!del.length) throw notFound('忽略记录');
    await appendAudit(tx, { action: 'talent.duplicate.restore', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent', targetId: pair.talentA, detail: pair });
  });
  return { ok: true };
}
