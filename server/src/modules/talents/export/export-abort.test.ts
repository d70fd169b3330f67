import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talents } from '../../../db/schema/index.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';
import { EXPORT_BATCH_SIZE } from './export.stream.ts';
import { lastAuditId, latestAudit } from './export.test-utils.ts';

// A real socket (inject can't hang up mid-response): the client reads the first bytes of a large
// export and disconnects; the server stops reading the registry and records the export as aborted.
let t: TestContext;
let cookies: Record<string, string>;
const ROWS = EXPORT_BATCH_SIZE * 4; // several batches: the server must stop before the last

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  for (let k = 0; k < ROWS; k += 2000) {
    await t.database.db.insert(talents).values(
      Array.from({ length: 2000 }, (_, i) => ({ name: `批量${k + i}`, namePinyin: 'piliang', nameInitials: 'pl', ownerCountyId: t.org.county1, category: 'worker', source: 'import', remarks: `${'备注'.repeat(100)}${k + i}` })),
    );
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

describe('GET /api/talents/export — client disconnects', () => {
  it('audits the export as aborted, with the rows written so far', async () => {
    const { port } = t.app.server.address() as { port: number };
    const before = await lastAuditId(t);
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/api/talents/export', headers: { cookie: cookies.city! } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => resolve());
    });
    const audit = await latestAudit(t, 'talent.export', before);
    expect(audit).toMatchObject({ action: 'talent.export', outcome: 'failure', actorName: 'u_city' });
    expect(audit.detail).toMatchObject({ aborted: true, masked: true });
    expect((audit.detail as { rowCount: number }).rowCount).toBeLessThan(ROWS);
  });
});
