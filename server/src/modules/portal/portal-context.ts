import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { portalAccounts } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { unauthenticated } from '../../lib/errors.ts';
import { notifierFor, type Notifier, type NotifierLog } from '../../lib/notifier.ts';
import type { TalentWriter } from '../talents/talents.service.ts';

/** What the portal's services get: the account of the session — never a talent id from the request. */
export interface PortalCtx {
  db: Db;
  env: Env;
  accountId: string;
  /** The linked registry record (from the account row at the start of the request), or null. */
  talentId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  log: NotifierLog;
}

/** Public (not logged-in) portal calls: registration, codes, login. */
export interface PortalDeps {
  db: Db;
  env: Env;
  ip: string | null;
  userAgent: string | null;
  log: NotifierLog;
}

export function portalDepsOf(req: FastifyRequest): PortalDeps {
  return { db: req.server.database.db, env: req.server.env, ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, log: req.log };
}

export function portalCtxOf(req: FastifyRequest): PortalCtx {
  if (!req.portal) throw unauthenticated('请先登录一家人云服务平台');
  return { ...portalDepsOf(req), accountId: req.portal.accountId, talentId: req.portal.talentId, requestId: String(req.id) };
}

export type PortalAccountRow = typeof portalAccounts.$inferSelect;

export async function loadAccount(db: Db, accountId: string): Promise<PortalAccountRow> {
  const [row] = await db.select().from(portalAccounts).where(eq(portalAccounts.id, accountId));
  if (!row || row.status !== 'active') throw unauthenticated('请先登录一家人云服务平台');
  return row;
}

/** How a portal account appears in audit and history: `portal:138****1234`. */
export function accountLabel(a: Pick<PortalAccountRow, 'phoneMasked' | 'emailMasked'>): string {
  return `portal:${a.phoneMasked ?? a.emailMasked ?? '已注销'}`;
}

export function portalWriter(a: PortalAccountRow, ip: string | null): TalentWriter {
  return { id: a.id, name: accountLabel(a), ip };
}

export function notifier(deps: { db: Db; env: Env; log: NotifierLog }): Notifier {
  return notifierFor(deps.db, deps.env, deps.log);
}
