import crypto from 'node:crypto';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { pipeline, Readable, Transform, type Writable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { DbKind } from '../db/client.ts';
import type { Env } from '../env.ts';
import { derive, loadMasterKey, parseKeyHex } from '../lib/pii.ts';
import type { MigrationLevel } from './tables.ts';

/**
 * The backup file (format 1):
 *
 *   FGBACKUP 1\n
 *   {"format":1,"cipher":"SM4-CTR","mac":"HMAC-SM3","kdf":"HKDF-SM3","compression":"gzip",
 *    "keySource":"master"|"BACKUP_KEY","salt":hex,"iv":hex,"kcv":hex}\n      ← preamble, clear text
 *   SM4-CTR( gzip( plain ) )                                                ← ciphertext
 *   HMAC-SM3(preamble ‖ ciphertext)                                         ← 32 bytes
 *
 * Keys: HKDF-SM3(BACKUP_KEY if set, else the master key; salt; "fenggui/backup/v1/enc" | "/mac" |
 * "/check"). `kcv` (key check value) tells a wrong key from a damaged file. The plain text is JSON
 * lines: the header (BackupHeader), then one `<table>\t<row as jsonb text>` per row in foreign-key
 * order, then `#end\t{"rows":n}`. Rows travel as PostgreSQL's own jsonb text and are read back with
 * jsonb_populate_recordset, so bigint, numeric, timestamps, jsonb, arrays and bytea keep their exact
 * values without passing through JavaScript numbers or dates.
 */
export const MAGIC = 'FGBACKUP 1';
export const FORMAT = 1;
const MAC_LEN = 32;

export interface Preamble {
  format: number;
  cipher: 'SM4-CTR';
  mac: 'HMAC-SM3';
  kdf: 'HKDF-SM3';
  compression: 'gzip';
  keySource: 'master' | 'BACKUP_KEY';
  salt: string;
  iv: string;
  kcv: string;
}

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  fenggui: 'backup';
  format: number;
  createdAt: string;
  version: string;
  database: DbKind;
  migrations: MigrationLevel;
  tables: BackupTable[];
  totalRows: number;
}

/** A backup that cannot be used: wrong key, damaged, truncated, or not a backup at all. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** The key backups are encrypted under: BACKUP_KEY(_FILE) when set, else the master key. */
export function backupKeyOf(env: Env, opts: { create?: boolean } = {}): { key: Buffer; source: Preamble['keySource'] } {
  if (env.BACKUP_KEY) return { key: parseKeyHex(env.BACKUP_KEY, 'BACKUP_KEY'), source: 'BACKUP_KEY' };
  if (env.BACKUP_KEY_FILE) return { key: parseKeyHex(fs.readFileSync(env.BACKUP_KEY_FILE, 'utf8'), `BACKUP_KEY_FILE ${env.BACKUP_KEY_FILE}`), source: 'BACKUP_KEY' };
  return { key: loadMasterKey(env, opts), source: 'master' };
}

function deriveKeys(key: Buffer, salt: Buffer) {
  return {
    enc: derive(key, 'fenggui/backup/v1/enc', 16, salt),
    mac: derive(key, 'fenggui/backup/v1/mac', 32, salt),
    kcv: derive(key, 'fenggui/backup/v1/check', 8, salt).toString('hex'),
  };
}

/**
 * Encrypts a stream of plain backup text into `out`: preamble, SM4-CTR over gzip, HMAC-SM3 trailer.
 * Resolves with the SHA-256 of everything written (the sidecar checksum) once `out` has finished.
 */
export async function encodeBackup(
  plain: Readable,
  keyInfo: { key: Buffer; source: Preamble['keySource'] },
  out: Writable,
): Promise<{ sha256: string; bytes: number }> {
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(16);
  const k = deriveKeys(keyInfo.key, salt);
  const preamble: Preamble = {
    format: FORMAT,
    cipher: 'SM4-CTR',
    mac: 'HMAC-SM3',
    kdf: 'HKDF-SM3',
    compression: 'gzip',
    keySource: keyInfo.source,
    salt: salt.toString('hex'),
    iv: iv.toString('hex'),
    kcv: k.kcv,
  };
  const pre = Buffer.from(`${MAGIC}\n${JSON.stringify(preamble)}\n`);
  const hmac = crypto.createHmac('sm3', k.mac).update(pre);
  const sha = crypto.createHash('sha256').update(pre);
  let bytes = pre.length;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hmac.update(chunk);
      sha.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      const tag = hmac.digest();
      sha.update(tag);
      bytes += tag.length;
      cb(null, tag);
    },
  });
  tap.push(pre);
  await pipelineAsync(plain, zlib.createGzip({ level: 6 }), crypto.createCipheriv('sm4-ctr', k.enc, iv), tap, out);
  return { sha256: sha.digest('hex'), bytes };
}

/**
 * Reads a backup file: checks the magic and the key, decrypts, and at the end compares the MAC,
 * failing the stream when it does not match. Its output is the gzip stream of the plain text.
 */
class BackupDecoder extends Transform {
  preamble: Preamble | undefined;
  readonly sha = crypto.createHash('sha256');
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private hmac: crypto.Hmac | undefined;
  private decipher: crypto.Decipher | undefined;

  /** With `macOnly`, only checks the MAC and emits nothing (the cheap first pass of a restore). */
  constructor(
    private readonly env: Env,
    private readonly macOnly = false,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    try {
      this.sha.update(chunk);
      if (!this.hmac) {
        this.head = Buffer.concat([this.head, chunk]);
        const first = this.head.indexOf(0x0a);
        const second = first < 0 ? -1 : this.head.indexOf(0x0a, first + 1);
        if (first >= 0 && this.head.subarray(0, first).toString('latin1') !== MAGIC) throw new BackupError('Not a Fenggui backup file (unknown format).');
        if (second < 0) {
          if (this.head.length > 65_536) throw new BackupError('Not a Fenggui backup file.');
          return cb();
        }
        this.start(this.head.subarray(0, second + 1));
        chunk = this.head.subarray(second + 1);
        this.head = Buffer.alloc(0);
      }
      const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
      const cut = Math.max(0, buf.length - MAC_LEN);
      this.tail = Buffer.from(buf.subarray(cut));
      const body = buf.subarray(0, cut);
      if (body.length) {
        this.hmac!.update(body);
        if (!this.macOnly) this.push(this.decipher!.update(body));
      }
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  private start(pre: Buffer): void {
    const text = pre.toString('utf8');
    let p: Preamble;
    try {
      p = JSON.parse(text.slice(MAGIC.length + 1)) as Preamble;
    } catch {
      throw new BackupError('Not a Fenggui backup file (damaged preamble).');
    }
    if (p.format !== FORMAT || p.cipher !== 'SM4-CTR' || p.mac !== 'HMAC-SM3' || p.compression !== 'gzip') {
      throw new BackupError(`Unsupported backup format ${p.format} (${p.cipher}/${p.mac}/${p.compression}).`);
    }
    let keyInfo: ReturnType<typeof backupKeyOf>;
    try {
      keyInfo = backupKeyOf(this.env, { create: false });
    } catch (err) {
      throw new BackupError(`${(err as Error).message} A backup opens with the ${p.keySource === 'BACKUP_KEY' ? 'BACKUP_KEY' : 'master key'} of the installation it came from.`);
    }
    const k = deriveKeys(keyInfo.key, Buffer.from(p.salt, 'hex'));
    if (k.kcv !== p.kcv) {
      throw new BackupError(
        p.keySource === 'BACKUP_KEY'
          ? 'Wrong key: this backup was encrypted with a BACKUP_KEY; set BACKUP_KEY (or BACKUP_KEY_FILE) to that key.'
          : `Wrong key: this backup was encrypted with the master key of the installation it came from; ${keyInfo.source === 'BACKUP_KEY' ? 'unset BACKUP_KEY and ' : ''}set MASTER_KEY / MASTER_KEY_FILE (or DATA_DIR/master.key) to that key.`,
      );
    }
    this.preamble = p;
    this.hmac = crypto.createHmac('sm3', k.mac).update(pre);
    this.decipher = crypto.createDecipheriv('sm4-ctr', k.enc, Buffer.from(p.iv, 'hex'));
  }

  override _flush(cb: (err?: Error | null, data?: Buffer) => void): void {
    if (!this.hmac || this.tail.length < MAC_LEN) return cb(new BackupError('The backup file is truncated.'));
    const expected = this.hmac.digest();
    if (!crypto.timingSafeEqual(expected, this.tail)) {
      return cb(new BackupError('The backup file fails its integrity check (HMAC-SM3): it was modified or damaged. Nothing was restored.'));
    }
    cb(null, this.macOnly ? undefined : this.decipher!.final());
  }
}

/**
 * Checks a backup's key and MAC over the whole file without decrypting it: the pass that runs
 * before anything is written. Resolves with the preamble and the file's SHA-256.
 */
export async function verifyBackupMac(source: Readable, env: Env): Promise<{ preamble: Preamble; sha256: string }> {
  const decoder = new BackupDecoder(env, true);
  await pipelineAsync(source, decoder, async (chunks: AsyncIterable<Buffer>) => {
    for await (const _ of chunks) {
      /* nothing is emitted */
    }
  });
  return { preamble: decoder.preamble!, sha256: decoder.sha.digest('hex') };
}

/**
 * The lines of a backup's plain text, decrypted on the fly. Throws (after the last line, at the
 * latest) when the MAC does not match, so callers must not commit anything before the loop ends.
 * `done()` afterwards gives the preamble and the SHA-256 of the file.
 */
export function backupLines(source: Readable, env: Env): { lines: AsyncGenerator<string>; done: () => { preamble: Preamble; sha256: string } } {
  const decoder = new BackupDecoder(env);
  const gunzip = zlib.createGunzip();
  pipeline(source, decoder, gunzip, () => {
    /* errors reach the consumer through gunzip */
  });
  async function* lines(): AsyncGenerator<string> {
    const text = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        const parts = (rest + text.write(chunk)).split('\n');
        rest = parts.pop()!;
        for (const p of parts) yield p;
      }
    } catch (err) {
      throw err instanceof BackupError ? err : new BackupError(`The backup file cannot be read: ${(err as Error).message}`);
    }
    rest += text.end();
    if (rest) yield rest;
  }
  return {
    lines: lines(),
    done: () => {
      if (!decoder.preamble) throw new BackupError('The backup file is truncated.');
      return { preamble: decoder.preamble, sha256: decoder.sha.digest('hex') };
    },
  };
}

/** `<sha256>  <file name>` as `sha256sum` writes and checks it. */
export function checksumLine(sha256: string, fileName: string): string {
  return `${sha256}  ${fileName}\n`;
}

export { Readable };
