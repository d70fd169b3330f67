import crypto from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2 = promisify(crypto.pbkdf2);

/** SM3 (GB/T 32905) hex digest. */
export function sm3(data: string | Buffer): string {
  return crypto.createHash('sm3').update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** A random password that satisfies the password rule (for the first admin, resets). */
export function randomPassword(): string {
  const body = crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `Fg-${body}9a`;
}

/**
 * Password hashing: PBKDF2-HMAC-SM3, 16-byte per-user salt, 32-byte key. Stored as
 * `pbkdf2-sm3$<iterations>$<salt b64>$<hash b64>` so the iteration count can grow later and old
 * hashes still verify.
 */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await pbkdf2(password.normalize('NFKC'), salt, iterations, 32, 'sm3');
  return `pbkdf2-sm3$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'pbkdf2-sm3' || !iter || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const key = await pbkdf2(password.normalize('NFKC'), Buffer.from(saltB64, 'base64'), Number(iter), expected.length, 'sm3');
  return crypto.timingSafeEqual(key, expected);
}

/** Whether a stored hash is weaker than what new hashes get (fewer iterations, other scheme): rehash it at the next login. */
export function needsRehash(stored: string, iterations: number): boolean {
  const [scheme, iter] = stored.split('$');
  return scheme !== 'pbkdf2-sm3' || !(Number(iter) >= iterations);
}

/** A hash to spend the same time on unknown usernames as on known ones (no user enumeration). */
let dummyHash: string | undefined;
export async function burnPasswordTime(password: string, iterations: number): Promise<void> {
  dummyHash ??= await hashPassword('dummy-password-for-timing', iterations);
  await verifyPassword(password, dummyHash);
}
