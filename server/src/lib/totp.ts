import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { RECOVERY_CODE_COUNT, TOTP_DIGITS, TOTP_PERIOD } from '../../../contracts/totp.ts';
import { sm3 } from './crypto.ts';

/**
 * TOTP (RFC 6238) as authenticator apps expect it: SHA-1, 6 digits, 30-second steps, through the
 * `otpauth` library. A code is accepted for the current step and one step either side (clock
 * drift); the caller remembers the step so the same code cannot be used twice.
 */
const ISSUER = '凤归';

function totpOf(secretBase32: string, account = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random secret (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** otpauth://totp/凤归:<account>?secret=…&issuer=凤归&algorithm=SHA1&digits=6&period=30 */
export function totpUri(secretBase32: string, account: string): string {
  return totpOf(secretBase32, account).toString();
}

export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** The time step `code` belongs to (now ±1 step), or null when it matches none. */
export function matchTotpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const totp = totpOf(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}

/** The code of a moment (tests and the CLI). */
export function totpCode(secretBase32: string, now = Date.now()): string {
  return totpOf(secretBase32).generate({ timestamp: now });
}

/** No 0/O, 1/I/L: recovery codes are read off paper. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten codes like `7KQ2M-XH4PA` (10 characters ≈ 50 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Upper case without spaces and dashes: how codes are hashed and compared. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

/** `sm3$<salt b64>$<hex>` with a random salt per code. */
export function hashRecoveryCode(code: string): string {
  const salt = crypto.randomBytes(16).toString('base64');
  return `sm3$${salt}$${sm3(`${salt}:${normaliseRecoveryCode(code)}`)}`;
}

export function recoveryCodeMatches(stored: string, code: string): boolean {
  const [scheme, salt, hex] = stored.split('$');
  if (scheme !== 'sm3' || !salt || !hex) return false;
  const got = Buffer.from(sm3(`${salt}:${normaliseRecoveryCode(code)}`), 'hex');
  const expected = Buffer.from(hex, 'hex');
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
}
