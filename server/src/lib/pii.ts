import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema/index.ts';
import type { Env } from '../env.ts';

/**
 * Encryption of personal data at rest (DESIGN.md §5; 密评 GB/T 39786 §8.4):
 *   - SM4-CTR with a random IV, then HMAC-SM3 over version‖key id‖IV‖ciphertext (encrypt-then-MAC);
 *   - a keyed SM3 hash (HMAC-SM3) of the normalised value as blind index for look-up and
 *     de-duplication;
 *   - the data keys live in the database only wrapped (SM4-CTR + HMAC-SM3) by a key-encryption key
 *     derived (HKDF-SM3) from the master key, which comes from MASTER_KEY / MASTER_KEY_FILE, or for
 *     the embedded database a key file created beside it — never from the database.
 */
export interface Pii {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** Deterministic keyed hash for equality look-up; `kind` separates ID numbers from phones. */
  blindIndex(kind: 'id' | 'phone', normalised: string): string;
}

interface KeySet {
  id: number;
  enc: Buffer; // 16 bytes SM4
  mac: Buffer; // 32 bytes HMAC-SM3
  index: Buffer; // 32 bytes HMAC-SM3 (blind index)
}

function loadMasterKey(env: Env): Buffer {
  let hex = env.MASTER_KEY;
  if (!hex && env.MASTER_KEY_FILE) hex = fs.readFileSync(env.MASTER_KEY_FILE, 'utf8').trim();
  if (!hex && !env.DATABASE_URL) {
    // Embedded mode: keep the key beside (not inside) the database, readable only by its owner.
    const file = path.join(env.dataDir, 'master.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(env.dataDir, { recursive: true });
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    hex = fs.readFileSync(file, 'utf8').trim();
  }
  if (!hex) throw new Error('MASTER_KEY or MASTER_KEY_FILE must be set when DATABASE_URL is used (64 hex characters).');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error('The master key must be 64 hex characters (32 bytes).');
  return Buffer.from(hex, 'hex');
}

function derive(master: Buffer, info: string, len: number): Buffer {
  return Buffer.from(crypto.hkdfSync('sm3', master, Buffer.alloc(0), info, len));
}

function seal(encKey: Buffer, macKey: Buffer, header: string, plain: Buffer): string {
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('sm4-ctr', encKey, iv);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  const mac = crypto.createHmac('sm3', macKey).update(header).update(iv).update(ct).digest();
  return `${header}:${iv.toString('base64')}:${ct.toString('base64')}:${mac.toString('base64')}`;
}

function open(encKey: Buffer, macKey: Buffer, token: string): { header: string; plain: Buffer } {
  const parts = token.split(':');
  if (parts.length !== 5) throw new Error('malformed ciphertext');
  const [v, kid, ivB, ctB, macB] = parts as [string, string, string, string, string];
  const header = `${v}:${kid}`;
  const iv = Buffer.from(ivB, 'base64');
  const ct = Buffer.from(ctB, 'base64');
  const expected = crypto.createHmac('sm3', macKey).update(header).update(iv).update(ct).digest();
  const got = Buffer.from(macB, 'base64');
  if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) throw new Error('ciphertext integrity check failed');
  const d = crypto.createDecipheriv('sm4-ctr', encKey, iv);
  return { header, plain: Buffer.concat([d.update(ct), d.final()]) };
}

const cache = new WeakMap<object, Promise<Pii>>();

/** The PII cipher for this database, loading (or on first use creating) its wrapped data key. */
export function getPii(db: Db, env: Env): Promise<Pii> {
  let p = cache.get(db);
  if (!p) {
    p = loadPii(db, env);
    p.catch(() => cache.delete(db));
    cache.set(db, p);
  }
  return p;
}

async function loadPii(db: Db, env: Env): Promise<Pii> {
  const master = loadMasterKey(env);
  const kekEnc = derive(master, 'fenggui/kek/sm4', 16);
  const kekMac = derive(master, 'fenggui/kek/mac', 32);
  let [row] = await db.select().from(settings).where(eq(settings.key, 'data_key'));
  if (!row) {
    const material = crypto.randomBytes(80);
    const wrapped = seal(kekEnc, kekMac, 'k1:1', material);
    await db.insert(settings).values({ key: 'data_key', value: { id: 1, wrapped } }).onConflictDoNothing();
    [row] = await db.select().from(settings).where(eq(settings.key, 'data_key'));
  }
  const { id, wrapped } = row!.value as { id: number; wrapped: string };
  let material: Buffer;
  try {
    material = open(kekEnc, kekMac, wrapped).plain;
  } catch {
    throw new Error('The master key does not open this database’s data key (wrong MASTER_KEY / key file?).');
  }
  const keys: KeySet = { id, enc: material.subarray(0, 16), mac: material.subarray(16, 48), index: material.subarray(48, 80) };
  return {
    encrypt: (plain) => seal(keys.enc, keys.mac, `v1:${keys.id}`, Buffer.from(plain, 'utf8')),
    decrypt: (token) => open(keys.enc, keys.mac, token).plain.toString('utf8'),
    blindIndex: (kind, normalised) => crypto.createHmac('sm3', keys.index).update(`${kind}:${normalised}`).digest('hex'),
  };
}
