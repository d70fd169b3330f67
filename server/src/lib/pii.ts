import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema/index.ts';
import type { Env } from '../env.ts';

/**
 * Encryption of personal data at rest (DESIGN.md §5; 密评 GB/T 39786 §8.4):
 *   - SM4-CTR with a random IV, then HMAC-SM3 over version‖key id‖IV‖ciphertext (encrypt-then-MAC);
 *     a value reads `v1:<key id>:<iv>:<ciphertext>:<mac>`, so it names the data key that sealed it;
 *   - a keyed SM3 hash (HMAC-SM3) of the normalised value as blind index for look-up and
 *     de-duplication;
 *   - the data keys live in the database only wrapped (SM4-CTR + HMAC-SM3) by a key-encryption key
 *     derived (HKDF-SM3) from the master key, which comes from MASTER_KEY / MASTER_KEY_FILE, or for
 *     the embedded database a key file created beside it — never from the database.
 *
 * Key rotation (`fenggui keys rotate`, server/src/backup/rotate.ts): settings 'data_keys' holds
 * `{current, keys: [{id, wrapped}]}`. New values are sealed with `current`; decryption picks the key
 * by the id in the value, so old and new values both open while a rotation runs. Each process
 * re-reads the list every PII_REFRESH_MS, which is how running servers learn a new key. The blind
 * index key does not rotate: every data key carries the same index key (see docs/OPERATIONS.md).
 */
export interface Pii {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /**
   * Deterministic keyed hash for equality look-up; `kind` separates ID numbers, phones, emails
   * and one-time codes (the portal's verification codes are kept only as this hash).
   */
  blindIndex(kind: 'id' | 'phone' | 'email' | 'otp' | 'acl', normalised: string): string;
}

/** How often a process re-reads the key list; a rotation waits this long for servers to follow. */
export const PII_REFRESH_MS = 30_000;
/** The settings row with the wrapped data keys. */
export const DATA_KEYS = 'data_keys';
/** The single wrapped key of earlier versions (`{id, wrapped}`); kept until its key is retired. */
export const LEGACY_DATA_KEY = 'data_key';

export interface DataKeyEntry {
  id: number;
  wrapped: string;
  createdAt?: string;
}
export interface DataKeys {
  current: number;
  keys: DataKeyEntry[];
}

interface KeySet {
  id: number;
  enc: Buffer; // 16 bytes SM4
  mac: Buffer; // 32 bytes HMAC-SM3
  index: Buffer; // 32 bytes HMAC-SM3 (blind index)
}

/** A ciphertext as stored: `v1:<key id>:<iv b64>:<ct b64>:<mac b64>` (IV 16 bytes, MAC 32 bytes). */
export const CIPHERTEXT_RE = /^v1:(\d+):[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]*:[A-Za-z0-9+/]{43}=$/;

/** The data key id a stored value was sealed with, or null when it is not a ciphertext. */
export function keyIdOf(token: string): number | null {
  const m = CIPHERTEXT_RE.exec(token);
  return m ? Number(m[1]) : null;
}

export function parseKeyHex(hex: string, what: string): Buffer {
  const s = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(s)) throw new Error(`${what} must be 64 hex characters (32 bytes).`);
  return Buffer.from(s, 'hex');
}

/** The key file of the embedded database (used when neither MASTER_KEY nor MASTER_KEY_FILE is set). */
export function masterKeyFile(env: Env): string {
  return path.join(env.dataDir, 'master.key');
}

/** Where the master key comes from: the variable, a named file, or the embedded key file. */
export function masterKeySource(env: Env): 'MASTER_KEY' | 'MASTER_KEY_FILE' | 'embedded' | 'none' {
  if (env.MASTER_KEY) return 'MASTER_KEY';
  if (env.MASTER_KEY_FILE) return 'MASTER_KEY_FILE';
  return env.DATABASE_URL ? 'none' : 'embedded';
}

/**
 * The master key. With `create` (the default) the embedded database gets a new random key file on
 * first use; restore passes `create: false` so a missing key is an error, not a silent new key.
 */
export function loadMasterKey(env: Env, opts: { create?: boolean } = {}): Buffer {
  const source = masterKeySource(env);
  if (source === 'MASTER_KEY') return parseKeyHex(env.MASTER_KEY!, 'The master key (MASTER_KEY)');
  if (source === 'MASTER_KEY_FILE') return parseKeyHex(fs.readFileSync(env.MASTER_KEY_FILE!, 'utf8'), `The master key file ${env.MASTER_KEY_FILE}`);
  if (source === 'none') throw new Error('MASTER_KEY or MASTER_KEY_FILE must be set when DATABASE_URL is used (64 hex characters).');
  // Embedded mode: keep the key beside (not inside) the database, readable only by its owner.
  const file = masterKeyFile(env);
  if (!fs.existsSync(file)) {
    if (opts.create === false) throw new Error(`No master key: set MASTER_KEY or MASTER_KEY_FILE, or put the key file at ${file}.`);
    fs.mkdirSync(env.dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return parseKeyHex(fs.readFileSync(file, 'utf8'), `The master key file ${file}`);
}

/**
 * Puts `master.key.new` in place of the embedded key file after the data keys were re-wrapped
 * under it (backup/rewrap.ts), keeping the old key as `master.key.retired-<time>`: backups made
 * before need it. Also finishes such a change interrupted between the commit and the rename.
 */
export function finishMasterKeySwap(env: Env): { key: Buffer; retired: string | null } {
  const file = masterKeyFile(env);
  const next = `${file}.new`;
  const key = parseKeyHex(fs.readFileSync(next, 'utf8'), `The master key file ${next}`);
  let retired: string | null = null;
  if (fs.existsSync(file)) {
    retired = `${file}.retired-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.copyFileSync(file, retired);
  }
  fs.renameSync(next, file);
  return { key, retired };
}

export function derive(ikm: Buffer, info: string, len: number, salt: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.from(crypto.hkdfSync('sm3', ikm, salt, info, len));
}

/**
 * IVs come from a pool of random bytes refilled 4 KiB at a time: one CSPRNG call per 256 values
 * instead of one each (an import seals two or three values a row). Each IV is still 16 fresh random
 * bytes used once.
 */
const ivPool = Buffer.alloc(16 * 256);
let ivAt = ivPool.length;
function nextIv(): Buffer {
  if (ivAt >= ivPool.length) {
    crypto.randomFillSync(ivPool);
    ivAt = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivAt, ivAt + 16));
  ivPool.fill(0, ivAt, ivAt + 16);
  ivAt += 16;
  return iv;
}

function seal(encKey: Buffer, macKey: Buffer, header: string, plain: Buffer): string {
  const iv = nextIv();
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

function kekOf(master: Buffer) {
  return { enc: derive(master, 'fenggui/kek/sm4', 16), mac: derive(master, 'fenggui/kek/mac', 32) };
}

/** Wraps 80 bytes of key material (SM4 key ‖ MAC key ‖ blind-index key) under the master key. */
export function wrapDataKey(master: Buffer, id: number, material: Buffer): string {
  const kek = kekOf(master);
  return seal(kek.enc, kek.mac, `k1:${id}`, material);
}

/** Unwraps a data key; throws when the master key is wrong or the entry was tampered with. */
export function unwrapDataKey(master: Buffer, entry: DataKeyEntry): Buffer {
  const kek = kekOf(master);
  let r: { header: string; plain: Buffer };
  try {
    r = open(kek.enc, kek.mac, entry.wrapped);
  } catch {
    throw new Error(`The master key does not open data key ${entry.id} of this database (wrong MASTER_KEY / key file?).`);
  }
  if (r.header !== `k1:${entry.id}` || r.plain.length !== 80) throw new Error(`Data key ${entry.id} is malformed.`);
  return r.plain;
}

/** Fresh SM4 and MAC keys, keeping the blind-index key (the last 32 bytes) of the current key. */
export function newDataKeyMaterial(currentMaterial: Buffer): Buffer {
  return Buffer.concat([crypto.randomBytes(48), currentMaterial.subarray(48, 80)]);
}

function keySetOf(id: number, material: Buffer): KeySet {
  return { id, enc: material.subarray(0, 16), mac: material.subarray(16, 48), index: material.subarray(48, 80) };
}

/**
 * The key list of this database: creates it on first use (one random key, id 1), or converts the
 * single `data_key` of earlier versions. Runs fine inside a transaction.
 */
export async function readDataKeys(db: Db, master: () => Buffer): Promise<DataKeys> {
  const rows = await db.select().from(settings).where(inArray(settings.key, [DATA_KEYS, LEGACY_DATA_KEY]));
  const found = rows.find((r) => r.key === DATA_KEYS);
  if (found) return found.value as DataKeys;
  const legacy = rows.find((r) => r.key === LEGACY_DATA_KEY)?.value as DataKeyEntry | undefined;
  const value: DataKeys = legacy
    ? { current: legacy.id, keys: [{ id: legacy.id, wrapped: legacy.wrapped }] }
    : { current: 1, keys: [{ id: 1, wrapped: wrapDataKey(master(), 1, crypto.randomBytes(80)), createdAt: new Date().toISOString() }] };
  await db.insert(settings).values({ key: DATA_KEYS, value }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, DATA_KEYS));
  return row!.value as DataKeys;
}

/**
 * A Pii that seals with one given data key (and opens only values sealed with it). For a worker
 * thread of this process that encrypts on the main thread's behalf (import parsing): it is handed
 * the current key by `sealingKeyOf`, never the master key, and nothing leaves the process.
 */
export function piiWithKey(id: number, material: Uint8Array): Pii {
  const k = keySetOf(id, Buffer.from(material));
  return {
    encrypt: (plain) => seal(k.enc, k.mac, `v1:${k.id}`, Buffer.from(plain, 'utf8')),
    decrypt: (token) => {
      if (keyIdOf(token) !== k.id) throw new Error(`ciphertext sealed with data key ${keyIdOf(token) ?? '?'}, not ${k.id}`);
      return open(k.enc, k.mac, token).plain.toString('utf8');
    },
    blindIndex: (kind, normalised) => crypto.createHmac('sm3', k.index).update(`${kind}:${normalised}`).digest('hex'),
  };
}

const ringOf = new WeakMap<Pii, Keyring>();

/** The data key `pii` (from getPii) seals with now, as id and 80 bytes of material, for piiWithKey. */
export function sealingKeyOf(pii: Pii): { id: number; material: Uint8Array } {
  const ring = ringOf.get(pii);
  const k = ring?.keys.get(ring.current);
  if (!k) throw new Error('sealingKeyOf: not a loaded Pii from getPii');
  return { id: k.id, material: new Uint8Array(Buffer.concat([k.enc, k.mac, k.index])) };
}

/** The unwrapped keys of one database in this process; the Pii handed out reads it live. */
class Keyring {
  keys = new Map<number, KeySet>();
  current = 0;
  loadedAt = 0;
  loading: Promise<void> | undefined;
  master: Buffer | undefined;

  readonly pii: Pii = {
    encrypt: (plain) => {
      const k = this.keys.get(this.current)!;
      return seal(k.enc, k.mac, `v1:${k.id}`, Buffer.from(plain, 'utf8'));
    },
    decrypt: (token) => {
      const kid = Number(token.split(':', 2)[1]);
      const k = this.keys.get(kid);
      if (!k) {
        this.loadedAt = 0; // a key this process has not seen yet: re-read the list on next use
        throw new Error(`ciphertext sealed with unknown data key ${Number.isFinite(kid) ? kid : '?'}`);
      }
      return open(k.enc, k.mac, token).plain.toString('utf8');
    },
    blindIndex: (kind, normalised) =>
      crypto.createHmac('sm3', this.keys.get(this.current)!.index).update(`${kind}:${normalised}`).digest('hex'),
  };

  constructor() {
    ringOf.set(this.pii, this);
  }

  async reload(db: Db, env: Env): Promise<void> {
    this.loading ??= (async () => {
      // The master key is kept only once it has opened the keys (a failed load caches nothing).
      let master = this.master;
      const masterKey = () => (master ??= loadMasterKey(env));
      const dk = await readDataKeys(db, masterKey);
      const next = new Map<number, KeySet>();
      for (const entry of dk.keys) {
        // Keys are immutable per id, so one unwrapped earlier is reused (a process keeps working
        // after the master key was changed under it, until it restarts with the new one).
        const known = this.keys.get(entry.id);
        if (known) next.set(entry.id, known);
        else {
          const u = this.unwrap(env, masterKey(), entry);
          master = u.master;
          next.set(entry.id, keySetOf(entry.id, u.material));
        }
      }
      if (!next.has(dk.current)) throw new Error(`The current data key ${dk.current} is missing from settings '${DATA_KEYS}'.`);
      this.master = master;
      this.keys = next;
      this.current = dk.current;
      this.loadedAt = Date.now();
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private unwrap(env: Env, master: Buffer, entry: DataKeyEntry): { material: Buffer; master: Buffer } {
    try {
      return { material: unwrapDataKey(master, entry), master };
    } catch (err) {
      // An embedded master-key change interrupted between the commit and the file rename.
      if (masterKeySource(env) !== 'embedded' || !fs.existsSync(`${masterKeyFile(env)}.new`)) throw err;
      const material = unwrapDataKey(parseKeyHex(fs.readFileSync(`${masterKeyFile(env)}.new`, 'utf8'), 'master.key.new'), entry);
      return { material, master: finishMasterKeySwap(env).key };
    }
  }
}

const cache = new WeakMap<object, Keyring>();

/**
 * The PII cipher for this database, loading (or on first use creating) its wrapped data keys.
 * With PostgreSQL (several server processes) the keys are re-read every PII_REFRESH_MS before use,
 * so that after a rotation's wait no process seals with an old key; the embedded database has one
 * process, which learns of a rotation directly (refreshPii), so it never queries here after the
 * first load (a query on the outer handle inside a PGlite transaction would wait forever). Either
 * way a value under a key not yet seen makes the next call re-read. A failed re-read keeps the
 * keys already loaded.
 */
export async function getPii(db: Db, env: Env): Promise<Pii> {
  let ring = cache.get(db);
  if (!ring) {
    ring = new Keyring();
    cache.set(db, ring);
  }
  const expired = env.DATABASE_URL !== undefined && Date.now() - ring.loadedAt > PII_REFRESH_MS;
  if (ring.keys.size === 0 || ring.loadedAt === 0 || expired) {
    try {
      await ring.reload(db, env);
    } catch (err) {
      if (ring.keys.size === 0) throw err;
      ring.loadedAt = Date.now(); // keep serving with the loaded keys; try again later
    }
  }
  return ring.pii;
}

/** Re-reads the key list now (after a rotation in this process). */
export async function refreshPii(db: Db, env: Env): Promise<Pii> {
  const ring = cache.get(db);
  if (ring) await ring.reload(db, env);
  return getPii(db, env);
}

/** Drops what this process knows about the keys of `db` (after a restore replaced them). */
export function forgetPii(db: Db): void {
  cache.delete(db);
}
