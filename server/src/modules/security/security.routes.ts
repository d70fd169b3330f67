import { TotpPolicySchema, TotpPolicyViewSchema } from '../../../../contracts/totp.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { getTotpPolicy, setTotpPolicy } from './security.service.ts';

/** Security policy (安全策略): the security administrator's side of 三权分立. */
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
}
