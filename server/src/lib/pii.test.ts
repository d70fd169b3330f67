import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { settings } from '../db/schema/index.ts';
import { freshDatabase, testEnv } from '../test/harness.ts';
import { CIPHERTEXT_RE, DATA_KEYS, getPii, keyIdOf, loadMasterKey, piiWithKey, sealingKeyOf, unwrapDataKey, type DataKeys, type Pii } from './pii.ts';

/**
 * 密评 §8.4 (important data confidential and intact at rest): ID numbers and phones are SM4-CTR
 * encrypted and HMAC-SM3 authenticated under a data key wrapped by the master key. Checked here from
 * the outside: the stored value opens with nothing but SM4 and the unwrapped key, a changed byte is
 * refused, and the database never holds a key in the clear.
 */
let database: Database;
let drop: () => Promise<void>;
let pii: Pii;
const env = testEnv();
beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  pii = await getPii(database.db, env);
});
afterAll(() => drop());

describe('PII encryption (SM4-CTR + HMAC-SM3, envelope keys)', () => {
  it('seals with a random IV; the value names its key and opens again', () => {
    const a = pii.encrypt('110105199001011232');
    const b = pii.encrypt('110105199001011232');
    expect(a).toMatch(CIPHERTEXT_RE);
    expect(a).not.toBe(b);
    expect(pii.decrypt(a)).toBe('110105199001011232');
  });

  it('IVs never repeat across many values (pooled random bytes, each IV used once)', () => {
    const ivs = new Set(Array.from({ length: 2000 }, () => pii.encrypt('13800138000').split(':')[2]));
    expect(ivs.size).toBe(2000);
  });

  it('a worker thread given the sealing key seals what the server opens, with the same blind index', () => {
    const key = sealingKeyOf(pii);
    const w = piiWithKey(key.id, key.material);
    const token = w.encrypt('110105199001011232');
    expect(keyIdOf(token)).toBe(key.id);
    expect(pii.decrypt(token)).toBe('110105199001011232');
    expect(w.decrypt(pii.encrypt('13800138000'))).toBe('13800138000');
    expect(w.blindIndex('phone', '13800138000')).toBe(pii.blindIndex('phone', '13800138000'));
    expect(() => sealingKeyOf({ ...pii })).toThrow();
  });

  it('is SM4-CTR under the data key the master key unwraps, and the key is stored only wrapped', async () => {
    const [row] = await database.db.select().from(settings).where(eq(settings.key, DATA_KEYS));
    const dk = row!.value as DataKeys;
    const stored = JSON.stringify(row!.value);
    const material = unwrapDataKey(loadMasterKey(env), dk.keys.find((k) => k.id === dk.current)!);
    expect(stored).not.toContain(material.toString('base64'));
    expect(stored).not.toContain(material.toString('hex'));
    const token = pii.encrypt('13800138000');
    const [, , ivB, ctB, macB] = token.split(':') as [string, string, string, string, string];
    const iv = Buffer.from(ivB, 'base64');
    const ct = Buffer.from(ctB, 'base64');
    const d = crypto.createDecipheriv('sm4-ctr', material.subarray(0, 16), iv);
    expect(Buffer.concat([d.update(ct), d.final()]).toString()).toBe('13800138000');
    const mac = crypto.createHmac('sm3', material.subarray(16, 48)).update(token.split(':').slice(0, 2).join(':')).update(iv).update(ct).digest('base64');
    expect(mac).toBe(macB);
  });

  it('refuses a value whose ciphertext, IV, key id or MAC was changed (encrypt-then-MAC)', () => {
    const token = pii.encrypt('13800138000');
    const parts = token.split(':');
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, 'base64');
      buf[0] = buf[0]! ^ 1;
      return buf.toString('base64');
    };
    for (const i of [2, 3, 4]) {
      const bad = [...parts];
      bad[i] = flip(bad[i]!);
      expect(() => pii.decrypt(bad.join(':'))).toThrow();
    }
    expect(() => pii.decrypt(['v1', '99', ...parts.slice(2)].join(':'))).toThrow();
  });

  it('the blind index is a keyed SM3 hash: deterministic, separated by kind, not the plain SM3 of the value', () => {
    const a = pii.blindIndex('phone', '13800138000');
    expect(pii.blindIndex('phone', '13800138000')).toBe(a);
    expect(pii.blindIndex('id', '13800138000')).not.toBe(a);
    expect(a).not.toContain(crypto.createHash('sm3').update('13800138000').digest('hex'));
  });
});
