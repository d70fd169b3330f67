import { eq, lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { portalAccounts, portalSessions } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { randomToken, sm3 } from './crypto.ts';
import { unauthenticated } from './errors.ts';

/**
 * Sessions of portal accounts (the talents' own 一家人云服务平台) — a separate kind of principal
 * from staff. Own cookie and table: a portal token is never a staff session (staff routes resolve
 * `fg_session` against `sessions` only, so a portal user there is anonymous, 401), and routes
 * declared `access: 'portal'` accept only this cookie (app.ts). Portal services get the account
 * and its linked talent from here, never from the request.
 */
export const PORTAL_COOKIE = 'fg_portal';
const TOUCH_EVERY_MS = 60_000;

export interface PortalPrincipal {
  accountId: string;
  /** The registry record this account is linked to (after the county confirmed it), or null. */
  talentId: string | null;
  isDemo: boolean;
  sessionTokenHash: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    portal: PortalPrincipal | null;
  }
}

export async function createPortalSession(db: Db, env: Env, accountId: string, meta: { ip: string | null; userAgent: string | null }): Promise<string> {
  const token = randomToken();
  const now = Date.now();
  await db.insert(portalSessions).values({
    tokenHash: sm3(token),
    accountId,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    expiresAt: new Date(now + env.SESSION_MAX_HOURS * 3600_000),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

export async function deletePortalSession(db: Db, token: string): Promise<void> {
  await db.delete(portalSessions).where(eq(portalSessions.tokenHash, sm3(token)));
}

export async function deletePortalAccountSessions(db: Db, accountId: string): Promise<void> {
  await db.delete(portalSessions).where(eq(portalSessions.accountId, accountId));
}

/** The account of a live portal session (idle and absolute timeouts, closed accounts), else null. */
export async function resolvePortalSession(db: Db, env: Env, token: string): Promise<PortalPrincipal | null> {
  const tokenHash = sm3(token);
  const [row] = await db
    .select({ lastSeenAt: portalSessions.lastSeenAt, expiresAt: portalSessions.expiresAt, accountId: portalAccounts.id, talentId: portalAccounts.talentId, status: portalAccounts.status, isDemo: portalAccounts.isDemo })
    .from(portalSessions)
    .innerJoin(portalAccounts, eq(portalAccounts.id, portalSessions.accountId))
    .where(eq(portalSessions.tokenHash, tokenHash))
    .limit(1);
  if (!row) return null;
  const now = Date.now();
  if (row.status !== 'active' || now > row.lastSeenAt.getTime() + env.PORTAL_SESSION_IDLE_MINUTES * 60_000 || now > row.expiresAt.getTime()) {
    await db.delete(portalSessions).where(eq(portalSessions.tokenHash, tokenHash));
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.update(portalSessions).set({ lastSeenAt: new Date(now) }).where(eq(portalSessions.tokenHash, tokenHash));
  }
  return { accountId: row.accountId, talentId: row.talentId, isDemo: row.isDemo, sessionTokenHash: tokenHash };
}

/** The access check of `access: 'portal'` routes (called from app.ts's one preValidation hook). */
export async function requirePortal(req: FastifyRequest): Promise<void> {
  const token = req.cookies[PORTAL_COOKIE];
  req.portal = token ? await resolvePortalSession(req.server.database.db, req.server.env, token) : null;
  if (!req.portal) throw unauthenticated('请先登录一家人云服务平台');
}

export async function purgeExpiredPortalSessions(db: Db, env: Env): Promise<void> {
  const idleCutoff = new Date(Date.now() - env.PORTAL_SESSION_IDLE_MINUTES * 60_000);
  await db.delete(portalSessions).where(sql`${lt(portalSessions.lastSeenAt, idleCutoff)} or ${lt(portalSessions.expiresAt, new Date())}`);
}
