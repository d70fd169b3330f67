import type { FastifyReply } from 'fastify';
import { CurrentUserSchema } from '../../../../contracts/auth.ts';
import { ErrorBodySchema } from '../../../../contracts/errors.ts';
import {
  TotpDisableBodySchema,
  TotpEnableBodySchema,
  TotpEnableResultSchema,
  TotpSetupSchema,
  TotpStatusSchema,
  TotpVerifyBodySchema,
} from '../../../../contracts/totp.ts';
import { unauthenticated } from '../../lib/errors.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { SESSION_COOKIE } from '../../lib/session.ts';
import { disableTotp, enableTotp, setupTotp, totpStatus } from './totp.service.ts';
import { verifySecondFactor } from './totp-verify.ts';

const tags = ['auth'];

/** Second factor (两步验证): enrolment, the login's second step, disabling. */
export async function totpRoutes(app: App) {
  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: app.env.COOKIE_SECURE });

  app.get('/api/auth/totp', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '本人两步验证状态', response: { 200: TotpStatusSchema } },
    handler: (req) => totpStatus(ctxOf(req)),
  });
  app.post('/api/auth/totp/setup', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '生成两步验证密钥和二维码（待确认）', response: { 200: TotpSetupSchema } },
    handler: (req) => setupTotp(ctxOf(req)),
  });
  app.post('/api/auth/totp/enable', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '用验证码确认并启用两步验证，返回一次性恢复码', body: TotpEnableBodySchema, response: { 200: TotpEnableResultSchema } },
    handler: async (req, reply) => {
      const { token, result } = await enableTotp(ctxOf(req), req.body.code);
      if (token) setCookie(reply, token);
      return result;
    },
  });
  app.post('/api/auth/totp/verify', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: '登录第二步：验证码或恢复码（成功后更换会话）',
      body: TotpVerifyBodySchema,
      response: { 200: CurrentUserSchema, 401: ErrorBodySchema },
    },
    handler: async (req, reply) => {
      if (!req.user) throw unauthenticated();
      const { token, user } = await verifySecondFactor(app.database.db, app.env, req.user, { ...req.body, ip: req.ip ?? null });
      setCookie(reply, token);
      return user;
    },
  });
  app.post('/api/auth/totp/disable', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '停用两步验证（需当前密码和验证码）', body: TotpDisableBodySchema, response: { 200: CurrentUserSchema } },
    handler: (req) => disableTotp(ctxOf(req), req.body.password, req.body.code),
  });
}
