import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Env } from '../env.ts';

/**
 * Where files (uploads, generated reports) live. Metadata stays in the database; the bytes go
 * through this small interface so a deployment can swap local disk for shared or object storage.
 * Keys are made by the server (`imports/<uuid>.xlsx`), never taken from a client or an archive.
 */
export interface FileStorage {
  /** Stores a stream under `key`; returns the number of bytes written. */
  put(key: string, data: Readable): Promise<{ size: number }>;
  open(key: string): Readable;
  /** Runs `fn` with a local path of the file (for readers that need random access, e.g. zip). */
  withLocalPath<T>(key: string, fn: (file: string) => Promise<T>): Promise<T>;
  remove(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid storage key: ${key}`);
  return key;
}

/** Files under a local directory; writes go to a temporary name first, then are renamed. */
export function localStorage(root: string): FileStorage {
  const full = (key: string) => path.join(root, checkKey(key));
  return {
    async put(key, data) {
      const target = full(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${randomUUID()}.part`;
      let size = 0;
      data.on('data', (chunk: Buffer) => (size += chunk.length));
      try {
        await pipeline(data, fs.createWriteStream(tmp, { mode: 0o600 }));
        await fs.promises.rename(tmp, target);
      } catch (err) {
        await fs.promises.rm(tmp, { force: true });
        throw err;
      }
      return { size };
    },
    open: (key) => fs.createReadStream(full(key)),
    withLocalPath: (key, fn) => fn(full(key)),
    remove: (key) => fs.promises.rm(full(key), { force: true }),
  };
}

const byRoot = new Map<string, FileStorage>();

/** The configured storage: FILES_DIR, or DATA_DIR/files. */
export function storageOf(env: Env): FileStorage {
  const root = path.resolve(env.FILES_DIR ?? path.join(env.dataDir, 'files'));
  let s = byRoot.get(root);
  if (!s) byRoot.set(root, (s = localStorage(root)));
  return s;
}
