import { and, count, eq } from 'drizzle-orm';
import type { RoleGrant } from '../../contracts/roles.ts';
import { openDatabase, type Database } from './db/client.ts';
import { userRoles, users } from './db/schema/index.ts';
import type { Env } from './env.ts';
import { randomPassword } from './lib/crypto.ts';
import { insertUser } from './modules/users/users.service.ts';

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR). */
export function openFromEnv(env: Env, holder: string): Promise<Database> {
  return openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir, holder });
}

/**
 * The three administrators of 三权分立 created on an empty database: the sysadmin creates accounts,
 * the security administrator grants roles (so there must be one from the start), the auditor
 * reads the log. Each is handed to a different person.
 */
export const FIRST_ADMINS = [
  { username: 'admin', displayName: '系统管理员', role: 'sysadmin' },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin' },
  { username: 'auditor', displayName: '安全审计员', role: 'auditor' },
] as const;

/**
 * On an empty database, creates `admin` (sysadmin), `secadmin` (security_admin) and `auditor`
 * (auditor). `admin` takes ADMIN_PASSWORD when set; every other password is random, printed once,
 * and temporary (changed at the first login). No default password ever exists. On a database with
 * users but no enabled security administrator (an older install), says how to create one.
 */
export async function ensureFirstAdmin(database: Database, env: Env, print: (s: string) => void): Promise<void> {
  const [row] = await database.db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) {
    const sec = await database.db
      .select({ id: users.id })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(and(eq(userRoles.role, 'security_admin'), eq(users.disabled, false)))
      .limit(1);
    if (!sec.length) {
      print('No enabled security administrator (安全管理员): nobody can grant roles. Create one with\n  fenggui user create --username secadmin --name 安全管理员 --role security_admin');
    }
    return;
  }
  const lines: string[] = [];
  for (const a of FIRST_ADMINS) {
    const given = a.role === 'sysadmin' ? env.ADMIN_PASSWORD : undefined;
    const password = given ?? randomPassword();
    const roles: RoleGrant[] = [{ role: a.role, countyId: null, outpostId: null }];
    await insertUser(database.db, env, { username: a.username, displayName: a.displayName, password, roles, temporaryPassword: !given }, { id: null, name: 'system', ip: null });
    lines.push(`   ${a.displayName} ${a.username.padEnd(9)} password: ${given ? '(ADMIN_PASSWORD)' : password}`);
  }
  print(
    [
      '',
      '================================================================',
      ' 三权分立管理员账号已创建 / The three administrator accounts were created',
      ...lines,
      ' 随机密码只显示这一次，分别交给三名不同的管理员，首次登录时须修改。',
      ' Random passwords are shown only once; hand each to a different person.',
      ' They must be changed at the first login.',
      '================================================================',
      '',
    ].join('\n'),
  );
}
