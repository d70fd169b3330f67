import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { settings, userRoles, users } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { appendAudit } from './audit.ts';
import { getPii, type Pii } from './pii.ts';

/**
 * Integrity of access-control information (密评 GB/T 39786 §8.4): each user's role bindings carry
 * an HMAC-SM3 tag (`users.roles_mac`, keyed with the non-rotating blind-index key of the PII key
 * ring, so key rotation leaves it valid). Every grant path writes it (insertUser, setUserRoles);
 * resolving a session checks it, and a user whose roles do not match their tag — a row added,
 * changed or removed by SQL around the application — gets no roles at all and an audit event.
 */
export interface Binding {
  role: string;
  countyId: string | null;
  outpostId: string | null;
}

export function rolesTag(pii: Pii, userId: string, bindings: readonly Binding[]): string {
  const canonical = bindings
    .map((b) => `${b.role}/${b.countyId ?? ''}/${b.outpostId ?? ''}`)
    .sort()
    .join(';');
  return pii.blindIndex('acl', `${userId}|${canonical}`);
}

/** The tag to store with these bindings. Get `pii` before opening a transaction (see getPii). */
export async function rolesTagFor(db: Db, env: Env, userId: string, bindings: readonly Binding[]): Promise<string> {
  return rolesTag(await getPii(db, env), userId, bindings);
}

const reported = new Map<string, number>();

/** Whether the stored tag matches; a mismatch is audited (at most once a minute per user and process). */
export async function rolesIntact(db: Db, env: Env, user: { id: string; username: string; rolesMac: string | null }, bindings: readonly Binding[]): Promise<boolean> {
  const expected = rolesTag(await getPii(db, env), user.id, bindings);
  if (user.rolesMac === expected) return true;
  const last = reported.get(user.id) ?? 0;
  if (Date.now() - last > 60_000) {
    reported.set(user.id, Date.now());
    await appendAudit(db, {
      action: 'security.acl_integrity_failed',
      outcome: 'failure',
      actorId: user.id,
      actorName: user.username,
      targetType: 'user',
      targetId: user.id,
      detail: { roles: bindings.map((b) => ({ role: b.role, countyId: b.countyId, outpostId: b.outpostId })), reason: user.rolesMac ? 'mismatch' : 'missing' },
    }).catch(() => {});
  }
  return false;
}

/** settings key set once the users of an older version have been tagged. */
export const ACL_SEALED = 'acl_sealed';

/**
 * Once, on the first start of the version that introduced the tags: tags every user without one
 * (an older install). After that, a missing tag is a failure like a wrong one — so clearing the
 * column by SQL does not get roles re-blessed at the next restart.
 */
export async function sealLegacyRoles(db: Db, env: Env): Promise<number> {
  const [done] = await db.select().from(settings).where(eq(settings.key, ACL_SEALED));
  if (done) return 0;
  const pii = await getPii(db, env);
  const rows = await db.select({ id: users.id }).from(users).where(isNull(users.rolesMac));
  for (const u of rows) {
    const bindings = await db.select({ role: userRoles.role, countyId: userRoles.countyId, outpostId: userRoles.outpostId }).from(userRoles).where(eq(userRoles.userId, u.id));
    await db.update(users).set({ rolesMac: rolesTag(pii, u.id, bindings) }).where(and(eq(users.id, u.id), isNull(users.rolesMac)));
  }
  await db.insert(settings).values({ key: ACL_SEALED, value: { at: new Date().toISOString(), users: rows.length } }).onConflictDoNothing();
  return rows.length;
}
