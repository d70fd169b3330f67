import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { passwordHistory } from '../db/schema/index.ts';
import { BASE_WORDS, COMMON_PASSWORDS } from './common-passwords.ts';
import { verifyPassword } from './crypto.ts';
import { invalid } from './errors.ts';

/** How many previous passwords may not be reused. */
export const PASSWORD_HISTORY = 5;

/**
 * The password rules beyond length and character classes (those live in the zod schema the UI
 * shares): not a common password, not built on a common word, not the username, not one of the
 * last five. Throws a VALIDATION_FAILED naming `field`.
 */
export async function assertPasswordAllowed(
  db: Db,
  user: { id?: string; username: string },
  password: string,
  field = 'password',
): Promise<void> {
  const lower = password.toLowerCase();
  const letters = lower.replace(/[^a-z]/g, '');
  if (COMMON_PASSWORDS.has(lower) || BASE_WORDS.has(letters)) throw invalid(field, '密码过于常见，请换一个不易猜到的密码');
  const uname = user.username.toLowerCase();
  if (lower.includes(uname) || (letters.length >= 3 && uname.includes(letters))) throw invalid(field, '密码不能包含用户名');
  if (user.id) {
    const previous = await db
      .select({ hash: passwordHistory.passwordHash })
      .from(passwordHistory)
      .where(eq(passwordHistory.userId, user.id))
      .orderBy(desc(passwordHistory.createdAt))
      .limit(PASSWORD_HISTORY);
    for (const p of previous) {
      if (await verifyPassword(password, p.hash)) throw invalid(field, `不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`);
    }
  }
}

/** Records a newly set hash and keeps only the last five. */
export async function rememberPassword(db: Db, userId: string, hash: string): Promise<void> {
  await db.insert(passwordHistory).values({ userId, passwordHash: hash });
  const rows = await db
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt))
    .offset(PASSWORD_HISTORY);
  if (rows.length) await db.delete(passwordHistory).where(inArray(passwordHistory.id, rows.map((r) => r.id)));
}
