import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { loginThrottle } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { AppError } from './errors.ts';

/**
 * Per-IP rate limit and per-username lockout, kept in the database so every server process
 * shares them. Usernames are throttled whether or not they exist, so a lockout says nothing
 * about existence.
 */
const userKey = (username: string) => `user:${username.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export async function checkLoginAllowed(db: Db, env: Env, username: string, ip: string | null): Promise<void> {
  if (ip) {
    const [row] = await db
      .insert(loginThrottle)
      .values({ key: ipKey(ip), failures: 1, windowStart: new Date() })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`case when ${loginThrottle.windowStart} < now() - interval '1 minute' then 1 else ${loginThrottle.failures} + 1 end`,
          windowStart: sql`case when ${loginThrottle.windowStart} < now() - interval '1 minute' then now() else ${loginThrottle.windowStart} end`,
        },
      })
      .returning();
    if (row && row.failures > env.LOGIN_RATE_PER_MINUTE) throw new AppError('RATE_LIMITED', 429, '登录请求过于频繁，请稍后再试');
  }
  const [u] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, userKey(username)));
  if (u?.lockedUntil && u.lockedUntil.getTime() > Date.now()) {
    const minutes = Math.ceil((u.lockedUntil.getTime() - Date.now()) / 60_000);
    throw new AppError('ACCOUNT_LOCKED', 429, `登录失败次数过多，账号已临时锁定，请 ${minutes} 分钟后再试`);
  }
}

/** Counts a failure; the one that reaches the limit locks the username. Returns true when it locked. */
export async function recordLoginFailure(db: Db, env: Env, username: string): Promise<boolean> {
  const [row] = await db
    .insert(loginThrottle)
    .values({ key: userKey(username), failures: 1 })
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures: sql`${loginThrottle.failures} + 1` } })
    .returning();
  if (row && row.failures >= env.LOGIN_MAX_FAILURES) {
    await db
      .update(loginThrottle)
      .set({ failures: 0, lockedUntil: new Date(Date.now() + env.LOGIN_LOCK_MINUTES * 60_000) })
      .where(eq(loginThrottle.key, userKey(username)));
    return true;
  }
  return false;
}

export async function clearLoginFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, userKey(username)));
}

/** Lifts a lockout (an administrator's password reset does this). */
export const unlockUser = clearLoginFailures;
