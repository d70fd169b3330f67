import { eq, lt, sql } from 'drizzle-orm';
import type { RoleBinding } from '../../../contracts/auth.ts';
import type { Role } from '../../../contracts/roles.ts';
import type { Db } from '../db/client.ts';
import { counties, outposts, sessions, userRoles, users } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import type { SessionUser } from './context.ts';
import { rolesIntact } from './acl-integrity.ts';
import { randomToken, sm3 } from './crypto.ts';
import { unauthenticated } from './errors.ts';

export const SESSION_COOKIE = 'fg_session';
/** lastSeenAt is written at most this often, so reads don't turn into writes. */
const TOUCH_EVERY_MS = 60_000;

/**
 * A session that may only complete one step of the login (app.ts allows it a few routes):
 * 'totp' — the second factor is still to be given; 'password_change' — the password expired or
 * was set by an administrator; 'totp_enrol' — the policy requires a second factor the user has
 * not set up yet. Unknown values allow nothing.
 */
export type Restriction = 'totp' | 'password_change' | 'totp_enrol';
/** A session waiting for the second factor lives this long at most. */
export const TOTP_STEP_TTL_MS = 10 * 60_000;

export async function createSession(
  db: Db,
  env: Env,
  userId: string,
  meta: { ip: string | null; userAgent: string | null; restricted?: Restriction | null },
): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  const ttl = meta.restricted === 'totp' ? TOTP_STEP_TTL_MS : env.SESSION_MAX_HOURS * 3600_000;
  await db.insert(sessions).values({
    tokenHash: sm3(token),
    userId,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    expiresAt: new Date(now + ttl),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    restricted: meta.restricted ?? null,
  });
  return token;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sm3(token)));
}

/** Ends a user's sessions that are waiting for the given step (e.g. every half-open login on a lockout). */
export async function deleteRestrictedSessions(db: Db, userId: string, restricted: Restriction): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.userId} = ${userId} and ${sessions.restricted} = ${restricted}`);
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function loadRoleBindings(db: Db, userId: string): Promise<RoleBinding[]> {
  const rows = await db
    .select({
      role: userRoles.role,
      countyId: userRoles.countyId,
      countyName: counties.name,
      outpostId: userRoles.outpostId,
      outpostName: outposts.name,
    })
    .from(userRoles)
    .leftJoin(counties, eq(counties.id, userRoles.countyId))
    .leftJoin(outposts, eq(outposts.id, userRoles.outpostId))
    .where(eq(userRoles.userId, userId))
    .orderBy(userRoles.role);
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/**
 * The user's role bindings if they match their integrity tag (lib/acl-integrity.ts), else none:
 * roles changed around the application grant nothing (and the mismatch is audited).
 */
export async function loadVerifiedRoleBindings(db: Db, env: Env, user: { id: string; username: string; rolesMac: string | null }): Promise<RoleBinding[]> {
  const roles = await loadRoleBindings(db, user.id);
  return (await rolesIntact(db, env, user, roles)) ? roles : [];
}

/**
 * Resolves a cookie token to its user, enforcing the idle and absolute timeouts and the user's
 * disabled flag. Returns null for anything that is not a live session.
 */
export async function resolveSession(db: Db, env: Env, token: string): Promise<SessionUser | null> {
  const tokenHash = sm3(token);
  const rows = await db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      isDemo: users.isDemo,
      disabled: users.disabled,
      rolesMac: users.rolesMac,
      restricted: sessions.restricted,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const now = Date.now();
  const idleLimit = row.lastSeenAt.getTime() + env.SESSION_IDLE_MINUTES * 60_000;
  if (row.disabled || now > idleLimit || now > row.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.tokenHash, tokenHash));
  }
  const roles = await loadVerifiedRoleBindings(db, env, row);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    isDemo: row.isDemo,
    roles,
    mustChangePassword: row.restricted === 'password_change',
    mfaRequired: row.restricted === 'totp',
    mfaEnrolRequired: row.restricted === 'totp_enrol',
    // A value this version does not know stays a restriction (lib/restrictions.ts refuses it all).
    restricted: row.restricted as Restriction | null,
    sessionTokenHash: tokenHash,
  };
}

/** Ends every session of a user except the given one ("log out my other sessions"). */
export async function deleteOtherSessions(db: Db, userId: string, keepTokenHash: string): Promise<number> {
  const rows = await db
    .delete(sessions)
    .where(sql`${sessions.userId} = ${userId} and ${sessions.tokenHash} <> ${keepTokenHash}`)
    .returning({ t: sessions.tokenHash });
  return rows.length;
}

export async function setRestriction(db: Db, tokenHash: string, restricted: Restriction | null): Promise<void> {
  await db.update(sessions).set({ restricted }).where(eq(sessions.tokenHash, tokenHash));
}

/**
 * Replaces a session by a new one (new token, fresh lifetime) with the given restriction, after a
 * login step raised what the session may do: a token seen before the step is worth nothing after.
 */
export async function rotateSession(db: Db, env: Env, oldTokenHash: string, restricted: Restriction | null): Promise<string> {
  const [old] = await db.delete(sessions).where(eq(sessions.tokenHash, oldTokenHash)).returning();
  if (!old) throw unauthenticated('会话已失效，请重新登录'); // ended meanwhile (a second request, a logout)
  return createSession(db, env, old.userId, { ip: old.ip, userAgent: old.userAgent, restricted });
}

/** Removes sessions that can no longer be used (run at start-up and periodically). */
export async function purgeExpiredSessions(db: Db, env: Env): Promise<void> {
  const idleCutoff = new Date(Date.now() - env.SESSION_IDLE_MINUTES * 60_000);
  await db
    .delete(sessions)
    .where(sql`${lt(sessions.lastSeenAt, idleCutoff)} or ${lt(sessions.expiresAt, new Date())}`);
}
