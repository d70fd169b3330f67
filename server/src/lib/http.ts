import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Role } from '../../../contracts/roles.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import type { Ctx, SessionUser } from './context.ts';
import { forbidden, unauthenticated } from './errors.ts';

export type App = FastifyInstance<
  import('fastify').RawServerDefault,
  import('fastify').RawRequestDefaultExpression,
  import('fastify').RawReplyDefaultExpression,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * Who may call a route, declared on the route itself (`config.access`). Routes are closed by
 * default: a route without `access` needs a logged-in user. 'public' needs nothing;
 * a role list needs at least one of the roles. 'portal' needs a portal (talent) session instead
 * (lib/portal-session.ts); a portal account holds no staff role, so every other route refuses it.
 */
export type Access = 'public' | 'authenticated' | 'portal' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
  interface FastifyInstance {
    database: Database;
    env: Env;
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  access: Access | undefined;
}

export function checkAccess(access: Access | undefined, user: SessionUser | null): void {
  if (access === 'public') return;
  if (!user) throw unauthenticated();
  if (access === 'portal') throw unauthenticated('请先登录一家人云服务平台'); // checked by requirePortal instead
  if (access === undefined || access === 'authenticated') return;
  if (!user.roles.some((r) => access.includes(r.role))) throw forbidden();
}

/** The service context of an authenticated request. */
export function ctxOf(req: FastifyRequest): Ctx {
  if (!req.user) throw unauthenticated();
  return {
    db: req.server.database.db,
    env: req.server.env,
    user: req.user,
    ip: req.ip ?? null,
    requestId: String(req.id),
  };
}

export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}
