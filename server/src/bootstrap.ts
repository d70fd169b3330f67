import { count, eq } from 'drizzle-orm';
import { openDatabase, type Database } from './db/client.ts';
import { users } from './db/schema/index.ts';
import type { Env } from './env.ts';
import { randomPassword } from './lib/crypto.ts';
import { insertUser } from './modules/users/users.service.ts';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR). */
export function openFromEnv(env: Env, holder: string): Promise<Database> {
  return openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir, holder });
}

/**
 * On an empty database, creates the first sysadmin `admin` with ADMIN_PASSWORD or a random
 * password that is printed once. No default password ever exists.
 */
export async function ensureFirstAdmin(database: Database, env: Env, print: (s: string) => void): Promise<void> {
  const [row] = await database.db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return;
  const password = env.ADMIN_PASSWORD ?? randomPassword();
  await insertUser(
    database.db,
    env,
    { username: 'admin', displayName: '系统管理员', password, roles: [{ role: 'sysadmin', countyId: null, outpostId: null }] },
    { id: null, name: 'system', ip: null },
  );
  const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, 'admin'));
  if (!u) throw new Error('first admin was not created');
  if (env.ADMIN_PASSWORD) {
    print('Created the first system administrator "admin" with the password from ADMIN_PASSWORD.');
  } else {
    print(
      [
        '',
        '================================================================',
        ' 首个系统管理员已创建 / First system administrator created',
        `   username: admin`,
        `   password: ${password}`,
        ' 该密码只显示这一次，请立即登录并妥善保存。',
        ' This password is shown only once.',
        '================================================================',
        '',
      ].join('\n'),
    );
  }
}
