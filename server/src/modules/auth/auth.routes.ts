import { z } from 'zod';
import { CurrentUserSchema, LoginBodySchema } from '../../../../contracts/auth.ts';
import { ChangePasswordBodySchema } from '../../../../contracts/users.ts';
import { ErrorBodySchema } from '../../../../contracts/errors.ts';
import { OkSchema } from '../../../../contracts/common.ts';
import { unauthenticated } from '../../lib/errors.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { SESSION_COOKIE } from '../../lib/session.ts';
import { changeOwnPassword, login, logout, logoutOthers } from './auth.service.ts';
import { currentUserOf } from './login-steps.ts';

export async function authRoutes(app: App) {
  app.post('/api/auth/login', {
    config: { access: 'public' },
    schema: {
      tags: ['auth'],
      summary: '登录',
      body: LoginBodySchema,
      response: { 200: CurrentUserSchema, 401: ErrorBodySchema },
    },
    handler: async (req, reply) => {
      const { token, user } = await login(app.database.db, app.env, {
        ...req.body,
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.env.COOKIE_SECURE,
      });
      return user;
    },
  });

  app.post('/api/auth/logout', {
    config: { access: 'public' },
    schema: { tags: ['auth'], summary: '退出登录', response: { 200: OkSchema } },
    handler: async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(app.database.db, token, req.user, req.ip ?? null);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  app.get('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: '当前用户', response: { 200: CurrentUserSchema, 401: ErrorBodySchema } },
    handler: async (req) => {
      if (!req.user) throw unauthenticated();
      return currentUserOf(app.database.db, req.user);
    },
  });

  app.post('/api/auth/password', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: '修改本人密码（密码过期或被重置后必须先修改）', body: ChangePasswordBodySchema, response: { 200: CurrentUserSchema } },
    handler: (req) => changeOwnPassword(ctxOf(req), req.body.currentPassword, req.body.newPassword),
  });

  app.post('/api/auth/logout-others', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: '退出本人的其他会话', response: { 200: z.object({ ended: z.number().int() }) } },
    handler: (req) => logoutOthers(ctxOf(req)),
  });
}
