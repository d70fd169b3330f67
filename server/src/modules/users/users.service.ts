import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, ilike, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CreateUserBodySchema,
  UpdateUserBodySchema,
  User,
  UserListQuerySchema,
} from '../../../../contracts/users.ts';
import { maskPhone } from '../../../../contracts/id-number.ts';
import type { RoleGrant } from '../../../../contracts/roles.ts';
import type { Db } from '../../db/client.ts';
import { userRoles, users } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { rolesTagFor } from '../../lib/acl-integrity.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { hashPassword } from '../../lib/crypto.ts';
import { conflict, invalid, notFound, versionConflict } from '../../lib/errors.ts';
import { unlockUser } from '../../lib/login-throttle.ts';
import { assertPasswordAllowed, rememberPassword } from '../../lib/password-policy.ts';
import { getPii } from '../../lib/pii.ts';
import { deleteUserSessions, loadRoleBindings } from '../../lib/session.ts';
import { assertTriadKept, validateRoleGrants } from '../security/role-grants.ts';

type UserRow = typeof users.$inferSelect;

async function toUser(db: Db, u: UserRow): Promise<User> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    disabled: u.disabled,
    isDemo: u.isDemo,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    phoneMasked: u.phoneMasked,
    createdAt: u.createdAt.toISOString(),
    version: u.version,
    roles: await loadRoleBindings(db, u.id),
  };
}

export async function listUsers(ctx: Ctx, q: z.infer<typeof UserListQuerySchema>) {
  const where: SQL[] = [];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  if (q.disabled) where.push(eq(users.disabled, q.disabled === 'true'));
  if (q.role === 'none') {
    // Accounts waiting for the security administrator to grant a role.
    where.push(notInArray(users.id, ctx.db.select({ id: userRoles.userId }).from(userRoles)));
  } else if (q.role) {
    where.push(inArray(users.id, ctx.db.select({ id: userRoles.userId }).from(userRoles).where(eq(userRoles.role, q.role))));
  }
  const cond = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(users)
      .where(cond)
      .orderBy(desc(users.createdAt), users.username)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(users).where(cond),
  ]);
  const items = await Promise.all(rows.map((u) => toUser(ctx.db, u)));
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound('用户');
  return toUser(ctx.db, u);
}

export interface InsertUserInput extends z.infer<typeof CreateUserBodySchema> {
  /**
   * Roles granted with the account. The API never passes any (the sysadmin creates accounts, the
   * security administrator grants roles); the operator's CLI, the first run and the seed do.
   */
  roles: RoleGrant[];
  isDemo?: boolean;
  /** The password was chosen by someone else: the user must change it at the first login. */
  temporaryPassword?: boolean;
}

/** A mobile number as stored: sealed (lib/pii.ts) and masked; null removes it. */
async function sealPhone(db: Db, env: Env, phone: string | null | undefined): Promise<{ phoneEnc: string | null; phoneMasked: string | null }> {
  if (!phone) return { phoneEnc: null, phoneMasked: null };
  return { phoneEnc: (await getPii(db, env)).encrypt(phone), phoneMasked: maskPhone(phone) };
}

/** The clear mobile of a staff user (for sending SMS), or null. Never returned by the API. */
export async function userPhone(db: Db, env: Env, userId: string): Promise<string | null> {
  const [u] = await db.select({ phoneEnc: users.phoneEnc }).from(users).where(eq(users.id, userId));
  return u?.phoneEnc ? (await getPii(db, env)).decrypt(u.phoneEnc) : null;
}

/** Creates a user; used by the API (ctx) and the CLI/first run (no ctx, actor given). */
export async function insertUser(
  db: Db,
  env: Env,
  input: InsertUserInput,
  actor: { id: string | null; name: string; ip: string | null },
): Promise<string> {
  const grants = await validateRoleGrants(db, input.roles);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing.length) throw conflict('用户名已存在', [{ field: 'username', message: '用户名已存在' }]);
  await assertPasswordAllowed(db, { username: input.username }, input.password);
  const passwordHash = await hashPassword(input.password, env.PASSWORD_KDF_ITERATIONS);
  const id = randomUUID();
  const rolesMac = await rolesTagFor(db, env, id, grants); // before the transaction (getPii)
  const phone = await sealPhone(db, env, input.phone);
  return db.transaction(async (tx) => {
    const [u] = await tx
      .insert(users)
      .values({
        id,
        rolesMac,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        ...phone,
        isDemo: input.isDemo ?? false,
        ...(input.temporaryPassword ? { passwordChangedAt: new Date(0) } : {}),
      })
      .returning({ id: users.id });
    if (grants.length) await tx.insert(userRoles).values(grants.map((g) => ({ ...g, userId: u!.id })));
    await rememberPassword(tx, u!.id, passwordHash);
    await appendAudit(tx, {
      action: 'user.create',
      actorId: actor.id,
      actorName: actor.name,
      ip: actor.ip,
      targetType: 'user',
      targetId: u!.id,
      detail: { username: input.username, roles: grants, ...(phone.phoneMasked ? { phone: phone.phoneMasked } : {}) },
    });
    return u!.id;
  });
}

/**
 * A new account without roles (三权分立: the security administrator grants them). The initial
 * password was set by the sysadmin, so the user must change it at the first login.
 */
export async function createUser(ctx: Ctx, input: z.infer<typeof CreateUserBodySchema>): Promise<User> {
  const id = await insertUser(ctx.db, ctx.env, { ...input, roles: [], temporaryPassword: true }, { id: ctx.user.id, name: ctx.user.username, ip: ctx.ip });
  return getUser(ctx, id);
}

/** Name, mobile and enabled/disabled (sysadmin). Roles are the security administrator's (security/roles.service.ts). */
export async function updateUser(ctx: Ctx, id: string, input: z.infer<typeof UpdateUserBodySchema>): Promise<User> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound('用户');
  if (id === ctx.user.id && input.disabled) throw invalid('disabled', '不能停用自己的账号');
  if (input.disabled && !u.disabled) await assertTriadKept(ctx.db, id, [], 'disabled');
  // Sealed before the transaction (getPii reads the key list outside it).
  const phone = input.phone === undefined ? null : await sealPhone(ctx.db, ctx.env, input.phone);
  const phoneChanged = phone !== null && (input.phone ?? null) !== (u.phoneEnc ? await userPhone(ctx.db, ctx.env, id) : null);
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? u.displayName,
        disabled: input.disabled ?? u.disabled,
        ...(phoneChanged ? phone : {}),
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, id), eq(users.version, input.version)))
      .returning({ id: users.id });
    if (!updated.length) throw versionConflict();
    const audit = { actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'user', targetId: id };
    if (input.displayName !== undefined && input.displayName !== u.displayName) {
      await appendAudit(tx, { ...audit, action: 'user.update', detail: { username: u.username, displayName: { before: u.displayName, after: input.displayName } } });
    }
    if (phoneChanged) {
      await appendAudit(tx, { ...audit, action: 'user.update', detail: { username: u.username, phone: { before: u.phoneMasked, after: phone!.phoneMasked } } });
    }
    if (input.disabled !== undefined && input.disabled !== u.disabled) {
      await appendAudit(tx, { ...audit, action: input.disabled ? 'user.disable' : 'user.enable', detail: { username: u.username } });
    }
    // Disabling ends the user's sessions at once.
    if (input.disabled) await deleteUserSessions(tx, id);
  });
  return getUser(ctx, id);
}

export async function setPassword(
  db: Db,
  env: Env,
  id: string,
  password: string,
  actor: { id: string | null; name: string; ip: string | null },
  opts: { self?: boolean } = {},
): Promise<void> {
  const [u] = await db.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, id));
  if (!u) throw notFound('用户');
  await assertPasswordAllowed(db, { id: u.id, username: u.username }, password, opts.self ? 'newPassword' : 'password');
  const passwordHash = await hashPassword(password, env.PASSWORD_KDF_ITERATIONS);
  await db.transaction(async (tx) => {
    // A password set by an administrator is temporary: the user must change it at the next login.
    const changedAt = opts.self ? new Date() : new Date(0);
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: changedAt, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(eq(users.id, id));
    await rememberPassword(tx, id, passwordHash);
    if (!opts.self) await deleteUserSessions(tx, id);
    await unlockUser(tx, u.username);
    await appendAudit(tx, {
      action: opts.self ? 'user.password_change' : 'user.password_reset',
      actorId: actor.id,
      actorName: actor.name,
      ip: actor.ip,
      targetType: 'user',
      targetId: id,
      detail: { username: u.username },
    });
  });
}
