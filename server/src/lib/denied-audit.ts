import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { appendAudit } from './audit.ts';
import type { AppError } from './errors.ts';
import type { App } from './http.ts';

/**
 * Every denied request is audited (等保 §8.1.4.3; issue 4), in one place: the error handler calls
 * `auditDenied` for
 *   - every 403 (the route's access list, a restricted session, CSRF, a service's own refusal), and
 *   - every 404 an authenticated caller gets from a matched route — a record that is missing or
 *     out of scope (the two look the same to the caller, DESIGN.md §5; the log has the id).
 * The event is `access.denied` (outcome `denied`) with the actor, IP, target id (the error's
 * target, else the `:id` of the route) and detail {method, route, status, code, reason}.
 *
 * Not audited: 401s (no session — logins are audited by the auth module) and 404s of unknown
 * URLs, so an anonymous flood writes nothing. A caller who is denied over and over is limited per
 * key (user id, or IP when no user is known): the first PER_WINDOW denials of a window are written
 * one by one, the rest are only counted and written as one `access.denied_suppressed` row (count and
 * routes) when the window ends — a flood costs a bounded number of rows per minute and process,
 * and nothing is silently dropped except, after a crash, the count of the last window.
 */
export const PER_WINDOW = 30;
export const WINDOW_MS = 60_000;

interface Window {
  start: number;
  written: number;
  suppressed: number;
  routes: Record<string, number>;
  actor: { id: string | null; name: string | null; ip: string | null };
}

export class DeniedAudit {
  private windows = new Map<string, Window>();
  private timer: NodeJS.Timeout;

  constructor(private db: Db, private log: (msg: string, err: unknown) => void) {
    this.timer = setInterval(() => void this.flush(false), WINDOW_MS);
    this.timer.unref();
  }

  async record(req: FastifyRequest, error: AppError): Promise<void> {
    const user = req.user;
    const route = req.routeOptions.url ?? req.url.split('?')[0]!;
    const key = user ? `u:${user.id}` : `ip:${req.ip}`;
    const now = Date.now();
    let w = this.windows.get(key);
    if (w && now - w.start >= WINDOW_MS) {
      await this.close(key, w);
      w = undefined;
    }
    if (!w) {
      w = { start: now, written: 0, suppressed: 0, routes: {}, actor: { id: user?.id ?? null, name: user?.username ?? null, ip: req.ip ?? null } };
      this.windows.set(key, w);
    }
    const routeKey = `${req.method} ${route}`;
    if (w.written >= PER_WINDOW) {
      w.suppressed++;
      w.routes[routeKey] = (w.routes[routeKey] ?? 0) + 1;
      return;
    }
    w.written++;
    const params = (req.params ?? {}) as Record<string, unknown>;
    const target = error.target ?? (typeof params.id === 'string' ? { type: null, id: params.id } : null);
    await appendAudit(this.db, {
      action: 'access.denied',
      outcome: 'denied',
      actorId: user?.id ?? null,
      actorName: user?.username ?? null,
      ip: req.ip ?? null,
      targetType: target?.type ?? null,
      targetId: target?.id ?? null,
      detail: { method: req.method, route, status: error.status, code: error.code, reason: error.message },
    });
  }

  /** Writes the summary of every window that has ended (or of all of them with `all`). */
  async flush(all: boolean): Promise<void> {
    const now = Date.now();
    for (const [key, w] of [...this.windows]) {
      if (all || now - w.start >= WINDOW_MS) await this.close(key, w);
    }
  }

  private async close(key: string, w: Window): Promise<void> {
    this.windows.delete(key);
    if (!w.suppressed) return;
    await appendAudit(this.db, {
      action: 'access.denied_suppressed',
      outcome: 'denied',
      actorId: w.actor.id,
      actorName: w.actor.name,
      ip: w.actor.ip,
      detail: { count: w.suppressed, routes: w.routes, windowStart: new Date(w.start).toISOString(), windowSeconds: WINDOW_MS / 1000, perWindow: PER_WINDOW },
    }).catch((err) => this.log('cannot write the denied-request summary', err));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush(true);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    deniedAudit: DeniedAudit;
  }
}

/** One per app; its pending summaries are written when the app closes. */
export function registerDeniedAudit(app: App, db: Db): void {
  const d = new DeniedAudit(db, (msg, err) => app.log.error({ err }, msg));
  app.decorate('deniedAudit', d);
  app.addHook('onClose', async () => d.stop());
}

/** Whether an error answered to this request is a denial worth an audit line (see above). */
export function isAuditedDenial(req: FastifyRequest, error: AppError): boolean {
  if (error.status === 403) return true;
  return error.status === 404 && !!req.user && !req.is404 && !!req.routeOptions.url;
}
