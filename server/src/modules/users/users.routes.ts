import { IdParamSchema, OkSchema, pageOf } from '../../../../contracts/common.ts';
import {
  CreateUserBodySchema,
  ResetPasswordBodySchema,
  UpdateUserBodySchema,
  UserListQuerySchema,
  UserSchema,
} from '../../../../contracts/users.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { createUser, getUser, listUsers, setPassword, updateUser } from './users.service.ts';
import { resetTotp } from '../auth/totp.service.ts';

const access = ['sysadmin'] as const;
const tags = ['users'];

export async function usersRoutes(app: App) {
  app.get('/api/users', {
    config: { access },
    schema: { tags, summary: '用户列表', querystring: UserListQuerySchema, response: { 200: pageOf(UserSchema) } },
    handler: (req) => listUsers(ctxOf(req), req.query),
  });
  app.get('/api/users/:id', {
    config: { access },
    schema: { tags, summary: '用户详情', params: IdParamSchema, response: { 200: UserSchema } },
    handler: (req) => getUser(ctxOf(req), req.params.id),
  });
  app.post('/api/users', {
    config: { access },
    schema: { tags, summary: '新建用户', body: CreateUserBodySchema, response: { 201: UserSchema } },
    handler: async (req, reply) => reply.status(201).send(await createUser(ctxOf(req), req.body)),
  });
  app.patch('/api/users/:id', {
    config: { access },
    schema: { tags, summary: '修改用户（姓名、手机号码、停用）', params: IdParamSchema, body: UpdateUserBodySchema, response: { 200: UserSchema } },
    handler: (req) => updateUser(ctxOf(req), req.params.id, req.body),
  });
  app.post('/api/users/:id/reset-password', {
    config: { access },
    schema: { tags, summary: '重置密码', params: IdParamSchema, body: ResetPasswordBodySchema, response: { 200: OkSchema } },
    handler: async (req) => {
      const ctx = ctxOf(req);
      await setPassword(ctx.db, ctx.env, req.params.id, req.body.password, { id: ctx.user.id, name: ctx.user.username, ip: ctx.ip });
      return { ok: true as const };
    },
  });
  app.post('/api/users/:id/reset-totp', {
    config: { access },
    schema: { tags, summary: '重置两步验证（丢失手机时；用户的会话随之结束）', params: IdParamSchema, response: { 200: OkSchema } },
    handler: async (req) => {
      await resetTotp(ctxOf(req), req.params.id);
      return { ok: true as const };
    },
  });
}
