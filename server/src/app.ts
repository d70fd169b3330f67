import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from './db/client.ts';
import type { Env } from './env.ts';
import { registerDeniedAudit } from './lib/denied-audit.ts';
import { errorHandler } from './lib/error-handler.ts';
import { AppError } from './lib/errors.ts';
import { checkAccess, type Access, type App, type RouteEntry } from './lib/http.ts';
import { registerHttpSecurity } from './lib/http-security.ts';
import { requirePortal } from './lib/portal-session.ts';
import { checkRestriction } from './lib/restrictions.ts';
import { resolveSession, SESSION_COOKIE } from './lib/session.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { collectionsRoutes } from './modules/collections/collections.routes.ts';
import { hotlineAdminRoutes } from './modules/hotline/hotline-admin.routes.ts';
import { hotlineRoutes } from './modules/hotline/hotline.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { totpRoutes } from './modules/auth/totp.routes.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { securityRoutes } from './modules/security/security.routes.ts';
import { systemRoutes } from './modules/system/system.routes.ts';
import { talentsRoutes } from './modules/talents/talents.routes.ts';
import { talentImportRoutes } from './modules/talents/import/import.routes.ts';
import { talentExportRoutes } from './modules/talents/export/export.routes.ts';
import { talentMergeRoutes } from './modules/talents/merge/merge.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { announcementsRoutes } from './modules/announcements/announcements.routes.ts';
import { chambersRoutes } from './modules/chambers/chambers.routes.ts';
import { inboxRoutes } from './modules/notifications/inbox.routes.ts';
import { outboxRoutes } from './modules/notifications/outbox.routes.ts';
import { liaisonRoutes } from './modules/liaison/liaison.routes.ts';
import { portalAdminRoutes } from './modules/portal/portal-admin.routes.ts';
import { portalAuthRoutes } from './modules/portal/portal-auth.routes.ts';
import { portalRoutes } from './modules/portal/portal.routes.ts';
import { VERSION } from './version.ts';

// Default validation messages in Chinese; our own schemas carry their own Chinese messages.
z.config(z.locales.zhCN());

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface BuildOptions {
  database: Database;
  env: Env;
  /** Serve the built web app (off in API tests). */
  serveWeb?: boolean;
  logger?: boolean;
}

export async function buildApp(opts: BuildOptions): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { level: opts.env.LOG_LEVEL } : false,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Every route with its declared access, for the authorization-matrix test and the docs.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: r.url, access: (r.config as { access?: Access } | undefined)?.access });
    }
  });
  app.decorate('database', opts.database);
  app.decorate('env', opts.env);
  registerDeniedAudit(app, opts.database.db);
  app.decorateRequest('user', null);
  app.decorateRequest('portal', null);

  await app.register(cookie);
  // Uploads (talent import): one file, size-limited; the stream goes straight to storage.
  await app.register(multipart, { limits: { fileSize: opts.env.UPLOAD_MAX_MB * 1024 * 1024, files: 1, fields: 10, fieldSize: 1000, parts: 20 } });
  await registerHttpSecurity(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '凤归 Fenggui API', description: '人才回引工作平台接口', version: VERSION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Authentication, then the route's declared access — for every route, in one place.
  // preValidation: who may call is decided before the body is validated, so a caller without
  // access learns nothing about the route's schema (403/401, never 400).
  app.addHook('preValidation', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) req.user = await resolveSession(opts.database.db, opts.env, token);
    // Only the API is guarded here; static files of the web app and /api/docs are public.
    if (req.is404 || !req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    // Portal (talent) routes take the portal session only; a staff session there counts for nothing.
    if (req.routeOptions.config.access === 'portal') return requirePortal(req);
    // A session half-way through the login (second factor, password change, enrolment) may only
    // finish that step (lib/restrictions.ts); public routes stay public.
    if (req.routeOptions.config.access !== 'public') checkRestriction(req.user, req.routeOptions.url);
    checkAccess(req.routeOptions.config.access, req.user);
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(systemRoutes);
  await app.register(authRoutes);
  await app.register(totpRoutes);
  await app.register(securityRoutes);
  await app.register(usersRoutes);
  await app.register(auditRoutes);
  await app.register(orgRoutes);
  await app.register(talentsRoutes);
  await app.register(talentImportRoutes);
  await app.register(talentExportRoutes);
  await app.register(talentMergeRoutes);
  await app.register(collectionsRoutes);
  await app.register(portalAuthRoutes);
  await app.register(portalRoutes);
  await app.register(portalAdminRoutes);
  await app.register(announcementsRoutes);
  await app.register(chambersRoutes);
  await app.register(outboxRoutes);
  await app.register(inboxRoutes);
  await app.register(hotlineRoutes);
  await app.register(hotlineAdminRoutes);
  await app.register(liaisonRoutes);

  const hasWeb = opts.serveWeb && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.url === '/api') {
      return errorHandler(new AppError('NOT_FOUND', 404, `接口不存在：${req.method} ${req.url.split('?')[0]}`), req, reply);
    }
    // A missing asset (an old hashed bundle after a deploy) is a real 404, never index.html.
    const isAsset = req.url.startsWith('/assets/') || /\.[a-z0-9]{1,8}(\?|$)/i.test(req.url.split('?')[0] ?? '');
    if (req.method === 'GET' && hasWeb && !isAsset) {
      // Client-side routes: the SPA's index.html, never cached so new builds are picked up.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .status(404)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><meta charset="utf-8"><title>凤归</title><p>页面不存在。若是首次运行，请执行 <code>npm start</code> 以构建前端。</p>');
  });

  await app.ready();
  return app;
}
