import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { DivisionCodeSchema, DivisionSchema } from '../../../../contracts/org.ts';
import type { FastifyReply } from 'fastify';
import { OkSchema } from '../../../../contracts/common.ts';
import { ErrorBodySchema } from '../../../../contracts/errors.ts';
import {
  ConsentBodySchema,
  ConsentStatusSchema,
  NoticeSchema,
  PortalInfoSchema,
  PortalLoginBodySchema,
  PortalMeSchema,
  RegisterBodySchema,
  ResetPasswordBodySchema,
  SendCodeBodySchema,
  SendCodeResultSchema,
  WithdrawConsentBodySchema,
} from '../../../../contracts/portal.ts';
import { chambers, counties, portalAccounts, users } from '../../db/schema/index.ts';
import type { App } from '../../lib/http.ts';
import { PORTAL_COOKIE } from '../../lib/portal-session.ts';
import { childDivisions, divisionName } from '../org/divisions.ts';
import { getCity } from '../org/org.service.ts';
import { consentStatus, giveConsent } from './consent.service.ts';
import { noticeFor } from './notice.ts';
import { meOf, portalLogin, portalLogout, register, resetPassword } from './portal-auth.service.ts';
import { portalCtxOf, portalDepsOf } from './portal-context.ts';
import { withdrawConsent } from './rights.service.ts';
import { sendCode } from './verification-codes.ts';

const tags = ['portal'];

/** Public pages and the account of the portal (一家人云服务平台): codes, register, login, consent. */
export async function portalAuthRoutes(app: App) {
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(PORTAL_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: app.env.COOKIE_SECURE });

  app.get('/api/portal/info', {
    config: { access: 'public' },
    schema: { tags, summary: '门户公共信息（城市、县（市、区）、商会、告知书版本）', response: { 200: PortalInfoSchema } },
    handler: async () => {
      const db = app.database.db;
      const [city, cs, chs, demoStaff, demoPortal] = await Promise.all([
        getCity(db),
        db.select({ id: counties.id, name: counties.name }).from(counties).where(eq(counties.active, true)).orderBy(asc(counties.sortOrder), asc(counties.name)),
        db.select().from(chambers).where(eq(chambers.active, true)).orderBy(asc(chambers.sortOrder), asc(chambers.name)),
        db.select({ id: users.id }).from(users).where(and(eq(users.isDemo, true), eq(users.disabled, false))).limit(1),
        db.select({ id: portalAccounts.id }).from(portalAccounts).where(eq(portalAccounts.isDemo, true)).limit(1),
      ]);
      return {
        cityName: city?.name ?? null,
        counties: cs,
        chambers: chs.map((c) => ({ id: c.id, name: c.name, divisionName: c.divisionCode ? divisionName(c.divisionCode) : null })),
        noticeVersion: noticeFor(null).version,
        demo: demoStaff.length > 0 || demoPortal.length > 0,
      };
    },
  });

  app.get('/api/portal/divisions', {
    config: { access: 'public' },
    schema: { tags, summary: '全国行政区划（填写现居地用）', querystring: z.object({ parent: DivisionCodeSchema.optional() }), response: { 200: z.array(DivisionSchema) } },
    handler: (req) => childDivisions(req.query.parent),
  });

  app.get('/api/portal/notice', {
    config: { access: 'public' },
    schema: { tags, summary: '个人信息处理告知书（当前版本）', response: { 200: NoticeSchema } },
    handler: async () => noticeFor((await getCity(app.database.db))?.name ?? null),
  });

  app.post('/api/portal/auth/code', {
    config: { access: 'public' },
    schema: { tags, summary: '获取验证码（注册或找回密码；不透露号码是否已注册）', body: SendCodeBodySchema, response: { 200: SendCodeResultSchema, 429: ErrorBodySchema } },
    handler: (req) => sendCode(portalDepsOf(req), req.body),
  });

  app.post('/api/portal/auth/register', {
    config: { access: 'public' },
    schema: { tags, summary: '注册（验证码、密码、同意告知书）', body: RegisterBodySchema, response: { 201: PortalMeSchema } },
    handler: async (req, reply) => {
      const { token, me } = await register(portalDepsOf(req), req.body);
      setCookie(reply, token);
      return reply.status(201).send(me);
    },
  });

  app.post('/api/portal/auth/login', {
    config: { access: 'public' },
    schema: { tags, summary: '登录（手机号或邮箱 + 密码）', body: PortalLoginBodySchema, response: { 200: PortalMeSchema, 401: ErrorBodySchema } },
    handler: async (req, reply) => {
      const { token, me } = await portalLogin(portalDepsOf(req), req.body);
      setCookie(reply, token);
      return me;
    },
  });

  app.post('/api/portal/auth/logout', {
    config: { access: 'public' },
    schema: { tags, summary: '退出登录', response: { 200: OkSchema } },
    handler: async (req, reply) => {
      const token = req.cookies[PORTAL_COOKIE];
      if (token) await portalLogout(portalDepsOf(req), token);
      reply.clearCookie(PORTAL_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  app.post('/api/portal/auth/reset-password', {
    config: { access: 'public' },
    schema: { tags, summary: '找回密码（验证码 + 新密码；结束全部会话）', body: ResetPasswordBodySchema, response: { 200: OkSchema } },
    handler: async (req) => {
      await resetPassword(portalDepsOf(req), req.body);
      return { ok: true as const };
    },
  });

  app.get('/api/portal/me', {
    config: { access: 'portal' },
    schema: { tags, summary: '当前门户账号', response: { 200: PortalMeSchema } },
    handler: (req) => meOf(portalCtxOf(req)),
  });

  app.get('/api/portal/consent', {
    config: { access: 'portal' },
    schema: { tags, summary: '我的同意记录', response: { 200: ConsentStatusSchema } },
    handler: (req) => consentStatus(app.database.db, portalCtxOf(req).accountId),
  });

  app.post('/api/portal/consent', {
    config: { access: 'portal' },
    schema: { tags, summary: '同意告知书（及单独同意敏感个人信息）', body: ConsentBodySchema, response: { 200: ConsentStatusSchema } },
    handler: (req) => giveConsent(portalCtxOf(req), req.body),
  });

  app.post('/api/portal/consent/withdraw', {
    config: { access: 'portal' },
    schema: { tags, summary: '撤回同意（敏感个人信息或全部）', body: WithdrawConsentBodySchema, response: { 200: ConsentStatusSchema } },
    handler: (req) => withdrawConsent(portalCtxOf(req), req.body),
  });
}
