import { IdParamSchema, pageOf } from '../../../../contracts/common.ts';
import { TotpPolicySchema, TotpPolicyViewSchema } from '../../../../contracts/totp.ts';
import { SetUserRolesBodySchema, UserListQuerySchema, UserSchema } from '../../../../contracts/users.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { listUsers } from '../users/users.service.ts';
import { setUserRoles } from './roles.service.ts';
import { getTotpPolicy, setTotpPolicy } from './security.service.ts';

/**
 * The security administrator's side of 三权分立: the second-factor policy (安全策略) and the roles
 * and scopes of every account (角色授权). Accounts themselves are the sysadmin's (modules/users).
 */
const access = ['security_admin'] as const;
const tags = ['security'];

export async function securityRoutes(app: App) {
  app.get('/api/security/totp-policy', {
    config: { access },
    schema: { tags, summary: '两步验证策略（哪些角色必须启用）', response: { 200: TotpPolicyViewSchema } },
    handler: (req) => getTotpPolicy(ctxOf(req).db, app.env),
  });
  app.put('/api/security/totp-policy', {
    config: { access },
    schema: { tags, summary: '修改两步验证策略', body: TotpPolicySchema, response: { 200: TotpPolicyViewSchema } },
    handler: (req) => setTotpPolicy(ctxOf(req), req.body.roles),
  });
  app.get('/api/security/users', {
    config: { access },
    schema: { tags, summary: '账号及其角色（角色授权）', querystring: UserListQuerySchema, response: { 200: pageOf(UserSchema) } },
    handler: (req) => listUsers(ctxOf(req), req.query),
  });
  app.put('/api/security/users/:id/roles', {
    config: { access },
    schema: { tags, summary: '授予或收回角色及其范围（整体替换）', params: IdParamSchema, body: SetUserRolesBodySchema, response: { 200: UserSchema } },
    handler: (req) => setUserRoles(ctxOf(req), req.params.id, req.body),
  });
}
