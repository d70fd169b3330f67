import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db/client.ts';
import { auditLog, settings, talentImportRows, talentImports, talents, users, userTotp } from '../db/schema/index.ts';
import { verifyAuditChain } from '../lib/audit.ts';
import { DATA_KEYS, forgetPii, getPii, LEGACY_DATA_KEY, PII_REFRESH_MS, wrapDataKey, type DataKeys } from '../lib/pii.ts';
import { makeIdNumber } from '../seed/ids.ts';
import { insertGeneratedTalents } from '../seed/talents-insert.ts';
import { createTestContext, testEnv, usersOfEveryRole, type TestContext } from '../test/harness.ts';
import { rotateMasterKey } from './rewrap.ts';
import { countStale, ENCRYPTED_LOCATIONS, rotateDataKey } from './rotate.ts';
import { rowsOf } from './tables.ts';

let t: TestContext;
let cookies: Record<string, string>;
const MASTER = Buffer.from('6a'.repeat(32), 'hex'); // testEnv's MASTER_KEY
const people = [
  { name: '钱轮换', idNumber: makeIdNumber('110105', '1985-06-01', 3, 'male'), phones: ['13700001111', '13700002222'] },
  { name: '孙轮换', idNumber: makeIdNumber('320102', '1992-11-20', 8, 'female'), phones: ['13600003333'] },
];
const ids: string[] = [];
/** Every talent's ID number and phones in clear, and its blind indexes, before any rotation. */
let clear: Map<string, { idNumber: string | null; phones: string[]; idHash: string | null; phoneHashes: string[] }>;
let importId: string;
const STAGED = { id: makeIdNumber('440305', '1990-01-15', 5, 'male'), phone: '13500004444', raw: '{"姓名":"李暂存"}' };
/** A second-factor secret (and a pending one) of u_city, sealed like PII. */
const TOTP_SECRETS = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', pending: 'KRUGS4ZANFZSAYJAOBSW4ZDJNZTSA3LF' };
/** A staff user's own mobile (users.phone_enc), sealed like PII. */
const STAFF_PHONE = '13900005555';

const CT = /v1:(\d+):[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]*:[A-Za-z0-9+/]{43}=/g;

/** The key ids of every stored ciphertext (talents and import staging). */
async function keyIdsInUse(db: Db): Promise<Map<number, number>> {
  const rows = rowsOf<{ j: string }>(
    await db.execute(sql`
      select jsonb_build_object('a', id_number_enc, 'b', phones_enc)::text as j from talents
      union all select jsonb_build_object('a', raw_enc, 'b', data, 'c', prepared)::text from talent_import_rows
      union all select jsonb_build_object('a', secret_enc, 'b', pending_secret_enc)::text from user_totp
      union all select jsonb_build_object('a', phone_enc)::text from users where phone_enc is not null`),
  );
  const out = new Map<number, number>();
  for (const r of rows) for (const m of r.j.matchAll(CT)) out.set(Number(m[1]), (out.get(Number(m[1])) ?? 0) + 1);
  return out;
}

/** Decrypts everything as a freshly started process would, and compares with `clear`. */
async function expectAllDecrypt(db: Db) {
  forgetPii(db);
  const pii = await getPii(db, t.env);
  const rows = await db.select().from(talents);
  for (const r of rows) {
    const c = clear.get(r.id);
    if (!c) continue; // created during the test
    expect(r.idNumberEnc ? pii.decrypt(r.idNumberEnc) : null).toBe(c.idNumber);
    expect(r.phonesEnc.map((p) => pii.decrypt(p))).toEqual(c.phones);
    expect(r.idNumberHash).toBe(c.idHash);
    expect(r.phoneHashes).toEqual(c.phoneHashes);
  }
  const staged = await db.select().from(talentImportRows).where(eq(talentImportRows.importId, importId));
  for (const s of staged) {
    const data = s.data as { idNumberEnc: string; phonesEnc: string[] };
    const prepared = s.prepared as { id_number_enc: string; phones_enc: string[] };
    expect(pii.decrypt(data.idNumberEnc)).toBe(STAGED.id);
    expect(data.phonesEnc.map((p) => pii.decrypt(p))).toEqual([STAGED.phone]);
    expect(pii.decrypt(prepared.id_number_enc)).toBe(STAGED.id);
    expect(pii.decrypt(prepared.phones_enc[0]!)).toBe(STAGED.phone);
    expect(pii.decrypt(s.rawEnc!)).toBe(STAGED.raw);
  }
  const [totp] = await db.select().from(userTotp);
  expect(pii.decrypt(totp!.secretEnc!)).toBe(TOTP_SECRETS.secret);
  expect(pii.decrypt(totp!.pendingSecretEnc!)).toBe(TOTP_SECRETS.pending);
  const [leader] = await db.select().from(users).where(eq(users.username, 'u_leader'));
  expect(pii.decrypt(leader!.phoneEnc!)).toBe(STAFF_PHONE);
}

async function dataKeys(): Promise<DataKeys> {
  const [row] = await t.database.db.select().from(settings).where(eq(settings.key, DATA_KEYS));
  return row!.value as DataKeys;
}

async function searchNames(q: string): Promise<string[]> {
  const res = await t.app.inject({ url: `/api/talents?q=${encodeURIComponent(q)}`, headers: { cookie: cookies.city! } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((i: { name: string }) => i.name);
}

async function reveal(id: string): Promise<{ idNumber: string | null; phones: string[] }> {
  const res = await t.app.inject({ method: 'POST', url: `/api/talents/${id}/reveal`, headers: { cookie: cookies.city! } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestContext();
  // A database from before key rotation existed: one data key in settings 'data_key'.
  await t.database.db.insert(settings).values({ key: LEGACY_DATA_KEY, value: { id: 1, wrapped: wrapDataKey(MASTER, 1, crypto.randomBytes(80)) } });
  cookies = await usersOfEveryRole(t);
  for (const p of people) {
    const res = await t.app.inject({ method: 'POST', url: '/api/talents', headers: { cookie: cookies.city! }, payload: { ...p, ownerCountyId: t.org.county1, category: 'expert' } });
    if (res.statusCode !== 201) throw new Error(res.body);
    ids.push(res.json().id);
  }
  await insertGeneratedTalents(t.database, t.env, { count: 120, seed: 11, countyIds: [t.org.county1, t.org.county2], batchSize: 60 });
  // A staged import row keeps ciphertexts inside jsonb (`data`, `prepared`) and in `raw_enc`.
  const pii = await getPii(t.database.db, t.env);
  const [u] = await t.database.db.select().from(users).where(eq(users.username, 'u_city'));
  const [imp] = await t.database.db.insert(talentImports).values({ createdBy: u!.id, fileName: 'x.xlsx', fileSize: 1, mode: 'preview' }).returning();
  importId = imp!.id;
  await t.database.db.insert(userTotp).values({ userId: u!.id, secretEnc: pii.encrypt(TOTP_SECRETS.secret), pendingSecretEnc: pii.encrypt(TOTP_SECRETS.pending) });
  await t.database.db.update(users).set({ phoneEnc: pii.encrypt(STAFF_PHONE), phoneMasked: '139****5555' }).where(eq(users.username, 'u_leader'));
  await t.database.db.insert(talentImportRows).values({
    importId,
    seq: 1,
    sheetNo: 1,
    sheet: 'Sheet1',
    rowNo: 2,
    status: 'valid',
    data: { fields: { name: '李暂存', remarks: 'v1:1:not a ciphertext' }, idNumberEnc: pii.encrypt(STAGED.id), phonesEnc: [pii.encrypt(STAGED.phone)] },
    rawEnc: pii.encrypt(STAGED.raw),
    idHash: pii.blindIndex('id', STAGED.id),
    prepared: { name: '李暂存', id_number_enc: pii.encrypt(STAGED.id), phones_enc: [pii.encrypt(STAGED.phone)] },
  });
  await t.database.db.execute(sql`update talent_import_rows set prepared = prepared || '{"big": 12345678901234567890}'::jsonb`);
  clear = new Map();
  for (const r of await t.database.db.select().from(talents)) {
    clear.set(r.id, { idNumber: r.idNumberEnc ? pii.decrypt(r.idNumberEnc) : null, phones: r.phonesEnc.map((p) => pii.decrypt(p)), idHash: r.idNumberHash, phoneHashes: r.phoneHashes });
  }
}, 120_000);

afterAll(() => t?.close());

describe('fenggui keys rotate', () => {
  it('starts from the single key of older versions', async () => {
    expect(await dataKeys()).toMatchObject({ current: 1, keys: [{ id: 1 }] });
    expect([...(await keyIdsInUse(t.database.db)).keys()]).toEqual([1]);
  });

  it('survives a crash after the first batch: every value still decrypts, servers keep working, a rerun finishes', async () => {
    // Another server process that loaded the keys before the rotation.
    const otherServer = Object.create(t.database.db) as Db;
    const stale = await getPii(otherServer, t.env);

    await expect(
      rotateDataKey(t.database, t.env, {
        batchSize: 25,
        propagationMs: 0,
        afterBatch: () => {
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(await dataKeys()).toMatchObject({ current: 2, keys: [{ id: 1 }, { id: 2 }] });
    const mixed = await keyIdsInUse(t.database.db);
    expect(mixed.get(2)).toBeGreaterThan(0);
    expect(mixed.get(1)).toBeGreaterThan(0);
    await expectAllDecrypt(t.database.db);

    // The other process meets a value under key 2, re-reads the key list and carries on.
    const [moved] = rowsOf<{ enc: string }>(await t.database.db.execute(sql`select id_number_enc as enc from talents where id_number_enc like 'v1:2:%' limit 1`));
    expect(() => stale.decrypt(moved!.enc)).toThrow(/unknown data key 2/);
    const refreshed = await getPii(otherServer, t.env);
    expect(refreshed.decrypt(moved!.enc)).toMatch(/^\d{17}[\dX]$/);
    expect(refreshed.encrypt('x')).toMatch(/^v1:2:/);

    // The API works in the mixed state: search by phone and ID, reveal, and new records use key 2.
    expect(await searchNames(people[0]!.phones[1]!)).toEqual([people[0]!.name]);
    expect(await searchNames(people[1]!.idNumber)).toEqual([people[1]!.name]);
    expect(await reveal(ids[0]!)).toEqual({ idNumber: people[0]!.idNumber, phones: people[0]!.phones });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/talents',
      headers: { cookie: cookies.city! },
      payload: { name: '赵新钥', idNumber: makeIdNumber('110101', '1970-02-02', 4, 'male'), phones: ['13800005555'], ownerCountyId: t.org.county2, category: 'expert' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const [row] = await t.database.db.select().from(talents).where(eq(talents.id, created.json().id));
    expect(row!.idNumberEnc).toMatch(/^v1:2:/);

    const r = await rotateDataKey(t.database, t.env, { batchSize: 25, propagationMs: 0 });
    expect(r).toMatchObject({ resumed: true, from: [1], to: 2 });
    expect([...(await keyIdsInUse(t.database.db)).keys()]).toEqual([2]);
    expect(await countStale(t.database.db, 2)).toEqual(Object.fromEntries(ENCRYPTED_LOCATIONS.map((l) => [l.table, 0])));
    expect(await dataKeys()).toMatchObject({ current: 2, keys: [{ id: 2 }] });
    expect((await dataKeys()).keys).toHaveLength(1);
    expect(await t.database.db.select().from(settings).where(eq(settings.key, LEGACY_DATA_KEY))).toEqual([]);
    await expectAllDecrypt(t.database.db);
    // A jsonb string that only looks like a key header is left alone, and big numbers keep every digit.
    const [staged] = rowsOf<{ data: string; prepared: string }>(await t.database.db.execute(sql`select data::text as data, prepared::text as prepared from talent_import_rows`));
    expect(staged!.data).toContain('"v1:1:not a ciphertext"');
    expect(staged!.prepared).toContain('12345678901234567890');

    expect(await searchNames(people[0]!.phones[0]!)).toEqual([people[0]!.name]);
    expect(await searchNames(people[1]!.idNumber)).toEqual([people[1]!.name]);
    expect(await reveal(ids[1]!)).toEqual({ idNumber: people[1]!.idNumber, phones: people[1]!.phones });

    const events = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'system.keys.rotate'));
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ from: [1], to: 2, resumed: true });
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('rotates again in one run; this process seals new values with the new key at once', async () => {
    // A server process on PostgreSQL (DATABASE_URL set) re-reads the key list every PII_REFRESH_MS.
    const pgEnv = testEnv({ DATABASE_URL: 'postgres://not-used-by-this-test' });
    const otherServer = Object.create(t.database.db) as Db;
    expect((await getPii(otherServer, pgEnv)).encrypt('x')).toMatch(/^v1:2:/);

    const r = await rotateDataKey(t.database, t.env, { batchSize: 1000, propagationMs: 0 });
    expect(r).toMatchObject({ resumed: false, from: [2], to: 3 });
    const [withPii] = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from talents where id_number_enc is not null or cardinality(phones_enc) > 0`));
    expect(r.reencrypted).toBe(withPii!.n + 3); // every talent with an ID number or phone, the staged row, the TOTP row and the leader's mobile
    expect([...(await keyIdsInUse(t.database.db)).keys()]).toEqual([3]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/talents',
      headers: { cookie: cookies.city! },
      payload: { name: '吴三钥', phones: ['13800006666'], ownerCountyId: t.org.county2, category: 'expert' },
    });
    const [row] = await t.database.db.select().from(talents).where(eq(talents.id, created.json().id));
    expect(row!.phonesEnc[0]).toMatch(/^v1:3:/);
    expect(await searchNames('13800006666')).toEqual(['吴三钥']);
    await expectAllDecrypt(t.database.db);

    // (What the rotation's waits are for: until it re-reads, the other server still seals with key 2.)
    expect((await getPii(otherServer, pgEnv)).encrypt('x')).toMatch(/^v1:2:/);
    const later = Date.now() + PII_REFRESH_MS + 1000;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
    try {
      expect((await getPii(otherServer, pgEnv)).encrypt('x')).toMatch(/^v1:3:/);
    } finally {
      clock.mockRestore();
    }
  });
});

describe('fenggui keys rotate --master', () => {
  it('re-wraps the data keys under the new master key without touching the data', async () => {
    const newHex = '3d'.repeat(32);
    const before = rowsOf<{ j: string }>(await t.database.db.execute(sql`select md5(string_agg(id_number_enc || array_to_string(phones_enc, ','), '' order by id)) as j from talents`));
    const r = await rotateMasterKey(t.database, t.env, { newKey: Buffer.from(newHex, 'hex') });
    expect(r.keys).toEqual([3]);
    expect(rowsOf<{ j: string }>(await t.database.db.execute(sql`select md5(string_agg(id_number_enc || array_to_string(phones_enc, ','), '' order by id)) as j from talents`))).toEqual(before);
    // This (running) process keeps its unwrapped keys.
    expect(await reveal(ids[0]!)).toEqual({ idNumber: people[0]!.idNumber, phones: people[0]!.phones });
    // A process started with the old master key cannot open the keys; one with the new key can.
    forgetPii(t.database.db);
    await expect(getPii(t.database.db, t.env)).rejects.toThrow(/does not open data key 3/);
    const pii = await getPii(t.database.db, testEnv({ MASTER_KEY: newHex }));
    expect(pii.decrypt((await t.database.db.select().from(talents).where(eq(talents.id, ids[1]!)))[0]!.idNumberEnc!)).toBe(people[1]!.idNumber);
    expect((await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'system.keys.rewrap'))).length).toBe(1);
  });
});
