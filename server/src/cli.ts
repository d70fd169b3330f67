import fs from 'node:fs';
import { once } from 'node:events';
import { Command, InvalidArgumentError, Option } from 'commander';
import { eq } from 'drizzle-orm';
import { ROLES, type RoleGrant } from '../../contracts/roles.ts';
import { NewPasswordSchema, UsernameSchema } from '../../contracts/users.ts';
import { openFromEnv } from './bootstrap.ts';
import { buildWebIfStale } from './build-web.ts';
import type { Database } from './db/client.ts';
import { DataDirBusyError } from './db/lock.ts';
import { counties, outposts, users } from './db/schema/index.ts';
import { loadEnv, type Env } from './env.ts';
import { verifyAuditChain } from './lib/audit.ts';
import { exportAuditLog } from './lib/audit-export.ts';
import { pruneAuditLog } from './lib/audit-retention.ts';
import { randomPassword } from './lib/crypto.ts';
import { AppError } from './lib/errors.ts';
import { saveOrg } from './modules/org/org.service.ts';
import { insertUser, setPassword, updateUser } from './modules/users/users.service.ts';
import { countTalents, DEMO_TALENTS, seedDemo, seedDemoTalents } from './seed/demo.ts';
import { seedDemoPortal } from './seed/portal-demo.ts';
import { DEMO_HOTLINE_CASES, seedDemoHotline } from './seed/hotline.ts';
import { serve } from './serve.ts';
import { VERSION } from './version.ts';
import { loadRoleBindings } from './lib/session.ts';
import { registerBackupCommands } from './backup/commands.ts';

const CLI_ACTOR = { id: null, name: 'cli', ip: null };

/** Opens the database for a one-off command, runs it, and always closes (and unlocks) it. */
async function withDb<T>(env: Env, name: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openFromEnv(env, `fenggui ${name}`);
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

function parseValue<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, v: unknown, what: string): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new Error(`${what}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

/** `role`, `role:<county name>` or `role:<outpost name>` → a grant. */
async function parseRoleSpec(db: Database, spec: string): Promise<RoleGrant> {
  const [role, place] = spec.split(':', 2) as [string, string | undefined];
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`Unknown role "${role}". Roles: ${ROLES.join(', ')}`);
  const grant: RoleGrant = { role: role as RoleGrant['role'], countyId: null, outpostId: null };
  if (place) {
    if (role === 'outpost_staff') {
      const [o] = await db.db.select().from(outposts).where(eq(outposts.name, place));
      if (!o) throw new Error(`No outpost named "${place}"`);
      grant.outpostId = o.id;
    } else {
      const [c] = await db.db.select().from(counties).where(eq(counties.name, place));
      if (!c) throw new Error(`No county named "${place}"`);
      grant.countyId = c.id;
    }
  }
  return grant;
}

async function findUser(db: Database, username: string) {
  const [u] = await db.db.select().from(users).where(eq(users.username, username));
  if (!u) throw new Error(`No user named "${username}"`);
  return u;
}

const program = new Command('fenggui').description('凤归 Fenggui — talent-return programme system').version(VERSION);
const env = () => loadEnv();

program
  .command('start')
  .description('build the web app if its sources changed, then serve (what `npm start` runs)')
  .action(async () => {
    buildWebIfStale((s) => console.log(s));
    await serve(env());
  });

program.command('serve').description('migrate and serve the UI and API').action(() => serve(env()));

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() => withDb(env(), 'migrate', async () => console.log('Migrations applied.')));

program
  .command('init')
  .description('set the home city and its counties/districts (first run)')
  .requiredOption('--city <name>', 'city name, e.g. 凤城市')
  .option('--code <code>', 'GB/T 2260 code of the city (6 digits)')
  .requiredOption('--counties <names>', 'comma-separated county/district names')
  .action((o: { city: string; code?: string; counties: string }) =>
    withDb(env(), 'init', async (db) => {
      const names = o.counties.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
      const org = await saveOrg(db.db, { city: { name: o.city, code: o.code ?? null }, counties: names.map((name) => ({ name, active: true })) }, CLI_ACTOR, 'org.init');
      console.log(`${org.city?.name}: ${org.counties.map((c) => c.name).join('、')}`);
    }),
  );

const count = (v: string) => {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
};
program
  .command('seed')
  .description('fill the database with generated data')
  .option('--demo', 'the demo city 凤城市 with its accounts (what `npm run demo` runs)', true)
  .option('--talents <n>', `add n generated talents (default: ${DEMO_TALENTS.toLocaleString('en')}, only into an empty registry)`, count)
  .option('--seed <n>', 'generator seed (default: moves on with the registry size, so each run adds new people)', count)
  .option('--batch-size <n>', 'rows per INSERT statement', count, 2000)
  .action((o: { talents?: number; seed?: number; batchSize: number }) =>
    withDb(env(), 'seed', async (db) => {
      const log = (s: string) => console.log(s);
      await seedDemo(db, env(), log);
      await seedDemoTalents(db, env(), { count: o.talents ?? DEMO_TALENTS, onlyIfEmpty: o.talents === undefined, seed: o.seed, batchSize: o.batchSize, log });
      log(`Talent registry: ${(await countTalents(db)).toLocaleString('en')} records.`);
      // A year of hotline cases with the default demo; a tenth as many cases as talents asked for explicitly.
      await seedDemoHotline(db, env(), { log, count: o.talents === undefined ? undefined : Math.min(DEMO_HOTLINE_CASES, Math.ceil(o.talents / 10)) });
      await seedDemoPortal(db, env(), { log });
    }),
  );

const user = program.command('user').description('manage accounts');
user
  .command('create')
  .description('create an account; prints a random password unless --password is given')
  .requiredOption('--username <username>')
  .requiredOption('--name <displayName>', 'display name')
  .addOption(new Option('--role <spec...>', 'role, role:<county> or outpost_staff:<outpost>').makeOptionMandatory())
  .option('--password <password>')
  .action((o: { username: string; name: string; role: string[]; password?: string }) =>
    withDb(env(), 'user create', async (db) => {
      const username = parseValue(UsernameSchema, o.username, 'username');
      const password = o.password ? parseValue(NewPasswordSchema, o.password, 'password') : randomPassword();
      const roles = await Promise.all(o.role.map((r) => parseRoleSpec(db, r)));
      await insertUser(db.db, env(), { username, displayName: o.name, password, roles }, CLI_ACTOR);
      console.log(`Created ${username}.${o.password ? '' : ` Password (shown once): ${password}`}`);
    }),
  );
user
  .command('reset-password <username>')
  .description('set a new password (random and printed once unless --password) and end the user’s sessions')
  .option('--password <password>')
  .action((username: string, o: { password?: string }) =>
    withDb(env(), 'user reset-password', async (db) => {
      const u = await findUser(db, username);
      const password = o.password ? parseValue(NewPasswordSchema, o.password, 'password') : randomPassword();
      await setPassword(db.db, env(), u.id, password, CLI_ACTOR);
      console.log(`Password of ${username} reset.${o.password ? '' : ` New password (shown once): ${password}`}`);
    }),
  );
for (const [cmd, disabled] of [['disable', true], ['enable', false]] as const) {
  user
    .command(`${cmd} <username>`)
    .description(`${cmd} an account${disabled ? ' and end its sessions' : ''}`)
    .action((username: string) =>
      withDb(env(), `user ${cmd}`, async (db) => {
        const u = await findUser(db, username);
        const ctx = {
          db: db.db,
          env: env(),
          user: { id: '00000000-0000-0000-0000-000000000000', username: 'cli', displayName: 'cli', isDemo: false, roles: [] },
          ip: null,
          requestId: 'cli',
        };
        await updateUser(ctx, u.id, { version: u.version, disabled });
        console.log(`${username} ${disabled ? 'disabled' : 'enabled'}.`);
      }),
    );
}
user
  .command('list')
  .description('list accounts and their roles')
  .action(() =>
    withDb(env(), 'user list', async (db) => {
      for (const u of await db.db.select().from(users).orderBy(users.username)) {
        const roles = await loadRoleBindings(db.db, u.id);
        const desc = roles.map((r) => r.role + (r.countyName ? `:${r.countyName}` : '') + (r.outpostName ? `:${r.outpostName}` : ''));
        console.log(`${u.username.padEnd(22)} ${u.disabled ? 'disabled' : 'active  '} ${desc.join(', ')}`);
      }
    }),
  );

const audit = program.command('audit').description('the audit log');
audit
  .command('verify')
  .description('check the hash chain of the audit log; exits 1 at the first broken row')
  .action(() =>
    withDb(env(), 'audit verify', async (db) => {
      const r = await verifyAuditChain(db.db);
      if (r.ok) {
        console.log(`Audit chain intact: ${r.checked} rows verified.`);
      } else {
        console.error(`Audit chain BROKEN at row id=${r.brokenAt!.id}: ${r.brokenAt!.reason} (${r.checked} rows before it are intact)`);
        process.exitCode = 1;
      }
    }),
  );

audit
  .command('prune')
  .description('remove audit rows older than AUDIT_RETENTION_DAYS (at least 180); keeps the chain verifiable (anchor) and audits the prune')
  .action(() =>
    withDb(env(), 'audit prune', async (db) => {
      const e = env();
      const r = await pruneAuditLog(db.db, e.AUDIT_RETENTION_DAYS, CLI_ACTOR);
      if (!r.pruned) console.log(`Nothing to prune: no audit row is older than ${e.AUDIT_RETENTION_DAYS} days (before ${r.cutoff}).`);
      else console.log(`Pruned ${r.pruned} audit rows older than ${e.AUDIT_RETENTION_DAYS} days (before ${r.cutoff}); the chain now starts after row ${r.throughId} (anchor ${r.anchorHash}).`);
    }),
  );

const isoDate = (v: string) => {
  const d = new Date(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date or date-time, e.g. 2026-01-01 or 2026-01-01T08:00:00+08:00');
  return d;
};
audit
  .command('export')
  .description('write audit rows as NDJSON (one JSON a line, with hash and prevHash) for a separate log system; audited')
  .option('--since <iso>', 'rows at or after this time', isoDate)
  .option('--until <iso>', 'rows before this time', isoDate)
  .option('--out <file>', 'write to this file (mode 600) instead of standard output')
  .action((o: { since?: Date; until?: Date; out?: string }) =>
    withDb(env(), 'audit export', async (db) => {
      const stream = o.out ? fs.createWriteStream(o.out, { mode: 0o600 }) : process.stdout;
      const write = (line: string) => (stream.write(line) ? undefined : once(stream, 'drain'));
      const r = await exportAuditLog(db.db, { since: o.since, until: o.until }, write, CLI_ACTOR);
      if (o.out) await new Promise<void>((resolve, reject) => (stream as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
      console.error(`Exported ${r.count} audit rows${r.count ? ` (ids ${r.firstId}–${r.lastId})` : ''}${o.out ? ` to ${o.out}` : ''}.`);
    }),
  );

registerBackupCommands(program, { env, withDb });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof DataDirBusyError) console.error(err.message);
  else if (err instanceof AppError) console.error(`Error: ${err.message}${err.fields ? ` (${err.fields.map((f) => `${f.field}: ${f.message}`).join('; ')})` : ''}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
