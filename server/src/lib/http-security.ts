import helmet from '@fastify/helmet';
import type { FastifyRequest } from 'fastify';
import type { App } from './http.ts';
import { forbidden, invalid } from './errors.ts';
import { PORTAL_COOKIE } from './portal-session.ts';
import { SESSION_COOKIE } from './session.ts';

/**
 * HTTP hardening (等保 §8.1.4): security headers with a CSP that allows no inline or foreign
 * scripts, no framing, no MIME sniffing, a strict referrer policy; and CSRF protection for
 * cookie-authenticated writes.
 */
export async function registerHttpSecurity(app: App): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd's CSS-in-JS injects <style> elements; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    hsts: false, // set by the TLS terminator in production (docs/OPERATIONS.md)
  });
  // The API docs page (swagger-ui) needs inline scripts; it holds no personal data.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/docs')) {
      reply.header('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
    }
  });
  app.addHook('preValidation', async (req) => assertSameOrigin(req));
  app.addHook('preValidation', async (req) => assertNoNulCharacters(req));
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000: a NUL byte in a query string, path or JSON body
 * would fail in the database (500). Refuse it up front, naming the field (found by the
 * penetration pass, pentest.test.ts).
 */
export function assertNoNulCharacters(req: FastifyRequest): void {
  const scan = (v: unknown, field: string, depth: number): void => {
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw invalid(field || 'body', `${field || '请求内容'}含有不允许的空字符（\\u0000）`);
    } else if (v && typeof v === 'object' && depth < 64) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) throw invalid(field || 'body', '字段名含有不允许的空字符（\\u0000）');
        scan(x, field ? `${field}.${k}` : k, depth + 1);
      }
    }
  };
  scan(req.params, '', 0);
  scan(req.query, '', 0);
  scan(req.body, '', 0);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a state-changing request that carries the session cookie must come from our own origin.
 * Browsers send Sec-Fetch-Site and Origin on such requests; a cross-site one is refused. (The
 * cookie is also SameSite=Strict; this is the second, independent line.) Non-browser clients that
 * send neither header are not a CSRF vector.
 */
export function assertSameOrigin(req: FastifyRequest): void {
  if (SAFE.has(req.method) || (!req.cookies[SESSION_COOKIE] && !req.cookies[PORTAL_COOKIE])) return;
  const site = req.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw forbidden('跨站请求已被拒绝');
  const origin = req.headers.origin;
  if (origin) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw forbidden('跨站请求已被拒绝');
    }
    const expected = req.headers['x-forwarded-host'] ?? req.headers.host;
    if (host !== expected) throw forbidden('跨站请求已被拒绝');
  }
}
