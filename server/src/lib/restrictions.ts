import type { SessionUser } from './context.ts';
import { AppError } from './errors.ts';
import type { Restriction } from './session.ts';

/**
 * What a restricted session (lib/session.ts Restriction) may still call, and how everything else
 * is refused. Public routes stay public whatever the session; a restriction this table does not
 * know allows only /me and logout.
 */
const ALWAYS = ['/api/auth/me', '/api/auth/logout', '/api/system/info', '/api/health'];

const STEPS: Record<Restriction, { routes: Set<string>; refuse: () => AppError }> = {
  totp: {
    routes: new Set([...ALWAYS, '/api/auth/totp/verify']),
    refuse: () => new AppError('MFA_REQUIRED', 403, '请先完成两步验证'),
  },
  password_change: {
    routes: new Set([...ALWAYS, '/api/auth/password']),
    refuse: () => new AppError('PASSWORD_CHANGE_REQUIRED', 403, '密码已过期或为临时密码，请先修改密码'),
  },
  totp_enrol: {
    routes: new Set([...ALWAYS, '/api/auth/totp/setup', '/api/auth/totp/enable']),
    refuse: () => new AppError('MFA_ENROL_REQUIRED', 403, '按照安全策略，您的账号须先设置两步验证'),
  },
};

/** Throws unless the session is unrestricted or the route is one its pending step allows. */
export function checkRestriction(user: SessionUser | null, routeUrl: string | undefined): void {
  if (!user?.restricted) return;
  const step = STEPS[user.restricted as Restriction];
  if (!step) {
    if (ALWAYS.includes(routeUrl ?? '')) return;
    throw new AppError('FORBIDDEN', 403, '当前会话受限，请重新登录');
  }
  if (!step.routes.has(routeUrl ?? '')) throw step.refuse();
}
