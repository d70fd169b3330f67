import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { conflict } from '../../../lib/errors.ts';

/**
 * The one place that moves everything pointing at a talent record from the merged record to the
 * survivor. Tables reach a talent in two ways:
 *
 *   - a foreign key to talents(id): found in the catalogue at merge time, so a table added by a
 *     later module is moved without touching this file. A table that needs more than re-pointing
 *     (a uniqueness rule, rows that must stay put) gets an entry in SPECIAL;
 *   - a plain uuid column without a foreign key: listed in SPECIAL too (talent_history, merge chains).
 *
 * Deliberately not moved: talent_import_rows.talent_id (a staged update prepared against the merged
 * record; the merge bumps that record's version, so the import's commit refuses the row).
 *
 * Returns how many rows moved per table, for the audit entry and the response.
 */

type Mover = (tx: Db, fromId: string, toId: string, note: string) => Promise<number>;

const rowCount = (res: unknown): number => {
  const r = res as { rowCount?: number | null; affectedRows?: number };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
};

const SPECIAL: Record<string, Mover | 'keep'> = {
  // History follows the person; each moved entry says where it came from. Ids keep their order,
  // so the survivor's history stays chronological.
  talent_history: async (tx, from, to, note) =>
    rowCount(await tx.execute(sql`update talent_history set talent_id = ${to}, note = case when note is null or note = '' then ${note} else note || '；' || ${note} end where talent_id = ${from}`)),
  // Records merged earlier into the merged one now point at the survivor (no chains).
  'talents.merged_into': async (tx, from, to) => rowCount(await tx.execute(sql`update talents set merged_into = ${to} where merged_into = ${from}`)),
  // Leaders' liaison: a talent has one liaison leader at a time. When the survivor has an active
  // assignment it stays; the merged record's active ones end (kept as history, ended_at set). If the
  // same leader looked after both, that leader's contacts and reminders on the merged record move to
  // the surviving assignment, so its due date counts them; another leader's stay with their ended
  // assignment (their ledger and the talent's timeline keep them). Then every row follows the person.
  liaison_assignments: async (tx, from, to) => {
    const sameLeader = sql`from liaison_assignments m, liaison_assignments s
      where m.talent_id = ${from} and m.active and s.talent_id = ${to} and s.active and s.leader_id = m.leader_id`;
    await tx.execute(sql`update liaison_contacts c set assignment_id = s.id ${sameLeader} and c.assignment_id = m.id`);
    await tx.execute(sql`update liaison_notifications n set assignment_id = s.id ${sameLeader} and n.assignment_id = m.id
      and not exists (select 1 from liaison_notifications x where x.assignment_id = s.id and x.kind = n.kind and x.due_date = n.due_date)`);
    await tx.execute(sql`update liaison_assignments m set active = false, ended_at = now()
      where m.talent_id = ${from} and m.active and exists (select 1 from liaison_assignments s where s.talent_id = ${to} and s.active)`);
    return rowCount(await tx.execute(sql`update liaison_assignments set talent_id = ${to} where talent_id = ${from}`));
  },
  // Leaders' liaison follow-ups and reminders carry the talent without a foreign key; they follow the person.
  liaison_follow_ups: async (tx, from, to) => rowCount(await tx.execute(sql`update liaison_follow_ups set talent_id = ${to} where talent_id = ${from}`)),
  liaison_notifications: async (tx, from, to) => rowCount(await tx.execute(sql`update liaison_notifications set talent_id = ${to} where talent_id = ${from}`)),
  // "Not the same person" decisions are about the merged record; they stay with it.
  talent_duplicate_dismissals: 'keep',
  // A portal account (one per record) follows the person; two accounts on one person are refused.
  portal_accounts: async (tx, from, to) => {
    const res = await tx.execute(sql`select count(*)::int as n from portal_accounts where talent_id in (${from}, ${to})`);
    if ((res as unknown as { rows: { n: number }[] }).rows[0]!.n > 1) {
      throw conflict('两条记录各自关联了一个“一家人云服务平台”账号，不能合并；请先由本人注销其中一个账号');
    }
    return rowCount(await tx.execute(sql`update portal_accounts set talent_id = ${to} where talent_id = ${from}`));
  },
  // The stated chamber: the survivor's own statement wins; otherwise the merged record's moves over.
  chamber_members: async (tx, from, to) =>
    rowCount(await tx.execute(sql`update chamber_members set talent_id = ${to} where talent_id = ${from} and not exists (select 1 from chamber_members s where s.talent_id = ${to})`)),
};

/** Single-column foreign keys that reference talents(id): [table, column]. */
async function referencingColumns(tx: Db): Promise<[string, string][]> {
  const res = await tx.execute(sql`
    select c.conrelid::regclass::text as tbl, a.attname as col
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.confrelid = 'talents'::regclass and cardinality(c.conkey) = 1
    order by 1, 2`);
  return (res as unknown as { rows: { tbl: string; col: string }[] }).rows.map((r) => [r.tbl, r.col]);
}

export async function moveTalentLinks(tx: Db, fromId: string, toId: string, note: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  const count = (key: string, n: number) => {
    if (n > 0) moved[key] = (moved[key] ?? 0) + n;
  };
  for (const key of ['talent_history', 'talents.merged_into', 'liaison_follow_ups', 'liaison_notifications']) count(key, await (SPECIAL[key] as Mover)(tx, fromId, toId, note));
  const done = new Set<string>();
  for (const [table, column] of await referencingColumns(tx)) {
    const special = SPECIAL[table];
    if (special === 'keep') continue;
    if (special) {
      if (!done.has(table)) count(table, await special(tx, fromId, toId, note));
      done.add(table);
      continue;
    }
    if (!/^[a-z_][a-z0-9_.]*$/.test(table)) throw new Error(`unexpected table name ${table}`);
    const col = sql.identifier(column);
    count(`${table}.${column}`, rowCount(await tx.execute(sql`update ${sql.raw(table)} set ${col} = ${toId} where ${col} = ${fromId}`)));
  }
  return moved;
}
