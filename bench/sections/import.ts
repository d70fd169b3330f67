import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { INDUSTRY_BY_CODE } from '../../contracts/industries.ts';
import { CATEGORIES, DEGREES, GENDERS, ID_TYPES, RETURN_CHANNELS, STATUSES, TITLE_LEVELS, TALENT_FIELD_LABELS } from '../../contracts/talents.ts';
import { outposts } from '../../server/src/db/schema/index.ts';
import { runPendingJobs } from '../../server/src/lib/jobs.ts';
import { getPii } from '../../server/src/lib/pii.ts';
import { countryName, divisionName } from '../../server/src/modules/org/divisions.ts';
import { insertTalentRows, toInsertRow } from '../../server/src/seed/talents-insert.ts';
import { TalentGenerator, type GeneratedTalent } from '../../server/src/seed/talents.ts';
import type { Measurement, Section } from '../lib/section.ts';
import { round, summarise, withPeakRss, type Timings } from '../lib/stats.ts';
import { startServer, type ServerProcess } from '../lib/server-process.ts';
import { BENCH_DIR, removeTemp, tempDir, type BenchContext } from '../lib/target.ts';
import { DEMO_PASSWORD } from '../../server/src/seed/demo.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const GOAL_S = 20;
const GOAL_MB = 500;
/** Columns of the file, in the template's words. */
const FIELDS = [
  'name', 'gender', 'birthDate', 'ethnicity', 'idType', 'idNumber', 'phones', 'email', 'wechat', 'nativeCountyId', 'nativeTownship', 'isNative',
  'ownerCountyId', 'outpostId', 'locationCode', 'locationCountry', 'employer', 'position', 'industryCode', 'specialty', 'degree', 'school',
  'graduationYear', 'titleLevel', 'tier', 'category', 'honours', 'tags', 'status', 'returnedAt', 'returnChannel', 'remarks',
] as const;

type Names = { counties: Map<string, string>; outposts: Map<string, string> };

/** A generated talent as a clerk's spreadsheet row: Chinese labels and names, not codes. */
function cells(t: GeneratedTalent, n: Names): (string | number | null)[] {
  const label = <T extends Record<string, string>>(d: T, v: string | null) => (v ? (d[v as keyof T] ?? v) : null);
  const v: Record<(typeof FIELDS)[number], string | number | null> = {
    name: t.name, gender: label(GENDERS, t.gender), birthDate: t.birthDate, ethnicity: t.ethnicity, idType: label(ID_TYPES, t.idType),
    idNumber: t.idNumber, phones: t.phones.join('、') || null, email: t.email, wechat: t.wechat,
    nativeCountyId: t.nativeCountyId ? (n.counties.get(t.nativeCountyId) ?? null) : null, nativeTownship: t.nativeTownship,
    isNative: t.isNative ? '是' : '否', ownerCountyId: n.counties.get(t.ownerCountyId) ?? null,
    outpostId: t.outpostId ? (n.outposts.get(t.outpostId) ?? null) : null,
    locationCode: t.locationCode ? divisionName(t.locationCode) : null, locationCountry: t.locationCountry ? countryName(t.locationCountry) : null,
    employer: t.employer, position: t.position, industryCode: t.industryCode ? `${t.industryCode} ${INDUSTRY_BY_CODE.get(t.industryCode)?.name ?? ''}` : null,
    specialty: t.specialty, degree: label(DEGREES, t.degree), school: t.school, graduationYear: t.graduationYear, titleLevel: label(TITLE_LEVELS, t.titleLevel),
    tier: t.tier, category: label(CATEGORIES, t.category), honours: t.honours.join('、') || null, tags: t.tags.join('、') || null,
    status: label(STATUSES, t.status), returnedAt: t.returnedAt, returnChannel: label(RETURN_CHANNELS, t.returnChannel), remarks: t.remarks,
  };
  return FIELDS.map((f) => v[f]);
}

/** Writes the workbook with exceljs's streaming writer (shared strings, as Excel/WPS files have). */
async function writeWorkbook(file: string, rows: GeneratedTalent[], names: Names): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('人才信息');
  ws.addRow(FIELDS.map((f) => TALENT_FIELD_LABELS[f] ?? f)).commit();
  for (const r of rows) ws.addRow(cells(r, names)).commit();
  ws.commit();
  await wb.commit();
}

async function multipart(file: string, fields: Record<string, string>) {
  const fd = await formData(file, fields);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

/** The upload form; the file is read from disk as it is sent (fs.openAsBlob), not held. */
async function formData(file: string, fields: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', await fs.openAsBlob(file), '人才信息.xlsx');
  return fd;
}

type Reply = { statusCode: number; json: any };
/** How the import is driven: through app.inject in this process, or over HTTP to a server process. */
interface Client {
  cityCookie: string;
  countyCookie: string;
  request(method: 'GET' | 'POST', url: string, o: { cookie: string; payload?: unknown }): Promise<Reply>;
  upload(file: string, fields: Record<string, string>, cookie: string): Promise<Reply>;
  /** In this process, jobs run when asked; a server process runs its own. */
  runJobs(): Promise<void>;
}

function inProcessClient(ctx: BenchContext): Client {
  const jobLog = { log: (m: string, err?: unknown) => ctx.log(`  import job: ${m}${err ? ` — ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` : ''}`) };
  const reply = (r: { statusCode: number; body: string }): Reply => ({ statusCode: r.statusCode, json: r.body ? JSON.parse(r.body) : null });
  return {
    cityCookie: ctx.cookies.city,
    countyCookie: ctx.cookies.county,
    request: async (method, url, o) => reply(await ctx.app.inject({ method, url, headers: { cookie: o.cookie }, ...(o.payload !== undefined ? { payload: o.payload as object } : {}) })),
    upload: async (file, fields, cookie) => {
      const body = await multipart(file, fields);
      return reply(await ctx.app.inject({ method: 'POST', url: '/api/talents/imports', headers: { ...body.headers, cookie }, payload: body.payload }));
    },
    runJobs: async () => void (await runPendingJobs(ctx.database.db, ctx.env, jobLog)),
  };
}

async function processClient(server: ServerProcess): Promise<Client> {
  const reply = async (r: Response): Promise<Reply> => {
    const text = await r.text();
    return { statusCode: r.status, json: text ? JSON.parse(text) : null };
  };
  return {
    cityCookie: await server.login('demo_city', DEMO_PASSWORD),
    countyCookie: await server.login('demo_county1', DEMO_PASSWORD),
    request: async (method, url, o) =>
      reply(await fetch(server.base + url, { method, headers: { cookie: o.cookie, ...(o.payload !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(o.payload !== undefined ? { body: JSON.stringify(o.payload) } : {}) })),
    upload: async (file, fields, cookie) => reply(await fetch(`${server.base}/api/talents/imports`, { method: 'POST', headers: { cookie }, body: await formData(file, fields) })),
    runJobs: async () => {},
  };
}

/** The server process's settings: the bench's database and key, its own file directory. */
function serverEnv(dir: string): Record<string, string> {
  const files = path.join(dir, 'server-data');
  fs.mkdirSync(files, { recursive: true });
  return { NODE_ENV: 'production', DATABASE_URL: process.env.DATABASE_URL!, DATA_DIR: files, PASSWORD_KDF_ITERATIONS: '10000' };
}

/** Removes the rows this section wrote (they are the only ones created after `since`). */
async function cleanUp(ctx: BenchContext, since: string) {
  await ctx.database.db.execute(sql`delete from talent_history where talent_id in (select id from talents where created_at >= ${since}::timestamptz)`);
  await ctx.database.db.execute(sql`delete from talents where created_at >= ${since}::timestamptz`);
  await ctx.database.db.execute(sql`vacuum (analyze) talents`);
}

/**
 * POST /api/talents/imports of a 100,000-row xlsx made from the generator (new people: another
 * seed), preview, "skip" for the rows matching registered people, then commit, timed end to end with the process's peak RSS; then the same rows
 * written straight with multi-row INSERTs (encryption and search columns included) for the ratio.
 */
export const importSection: Section = {
  name: 'import',
  unavailable: () =>
    fs.existsSync(path.join(BENCH_DIR, '../server/src/modules/talents/import/import.routes.ts')) ? null : 'POST /api/talents/imports is not in the repository yet',
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const db = ctx.database.db;
    const counties = ctx.counties;
    const ops = await db.select({ id: outposts.id, name: outposts.name, divisionCode: outposts.divisionCode }).from(outposts);
    const names: Names = { counties: new Map(counties.map((c) => [c.id, c.name])), outposts: new Map(ops.map((o) => [o.id, o.name])) };
    const make = () => new TalentGenerator({ seed: 424242, countyIds: counties.map((c) => c.id), countyNames: counties.map((c) => c.name), outposts: ops, duplicateRate: 0.01 }).take(ROWS);
    const dir = tempDir('fenggui-bench-import-');
    const file = path.join(dir, 'import.xlsx');
    const since = ((await db.execute(sql`select now()::text as t`)) as unknown as { rows: { t: string }[] }).rows[0]!.t;
    try {
      await writeWorkbook(file, make(), names);
      const mb = fs.statSync(file).size / 1e6;
      ctx.log(`  import: ${ROWS.toLocaleString('en')}-row xlsx written (${mb.toFixed(1)} MB)`);
      // On PostgreSQL the server runs as its own process (`fenggui serve`), so its memory is measured
      // alone, as the kernel's high-water mark; the embedded database lives in the process that opened
      // it, so on PGlite the import runs in this process and its figure includes the database.
      const probe = { phase: 'preview' as 'preview' | 'commit', stop: false, ms: { preview: [] as number[], commit: [] as number[] } };
      const marks: Record<string, number> = {};
      let report!: { total: number; valid: number; errorRows: number; matched: number; created: number; updated: number; skipped: number };
      let mem!: { baselineMb: number; peakMb: number; startPeakMb: number | null };
      const server = ctx.target.kind === 'postgres' ? await startServer(serverEnv(dir), ctx.log) : null;
      const client: Client = server ? await processClient(server) : inProcessClient(ctx);
      try {
        const cookie = client.cityCookie;
        const status = async (id: string) => (await client.request('GET', `/api/talents/imports/${id}`, { cookie })).json;
        /** Status once the job is no longer queued or running. */
        const settled = async (id: string) => {
          for (;;) {
            await client.runJobs();
            const st = await status(id);
            if (st.status !== 'running' && st.status !== 'queued') return st;
            await new Promise((r) => setTimeout(r, 200));
          }
        };
        // Another user searching the registry while the import runs: their response times, per phase.
        // A search is due every 250 ms; its time counts from when it was due, so a server that cannot
        // answer (the embedded database runs on the event loop) shows as waiting, not as fewer samples.
        const prober = (async () => {
          while (!probe.stop) {
            const due = performance.now() + 250;
            const phase = probe.phase;
            await new Promise((res) => setTimeout(res, 250));
            const r = await client.request('GET', '/api/talents?q=%E7%8E%8B%E4%BC%9F&pageSize=20', { cookie: client.countyCookie });
            if (r.statusCode !== 200) throw new Error(`probe search: ${r.statusCode}`);
            probe.ms[phase === probe.phase ? phase : 'commit'].push(performance.now() - due);
          }
        })();
        const flow = async () => {
          const up = await client.upload(file, { mode: 'preview' }, cookie);
          if (up.statusCode !== 202) throw new Error(`upload: ${up.statusCode} ${JSON.stringify(up.json).slice(0, 300)}`);
          const id = (up.json as { id: string }).id;
          marks.upload = performance.now() - t0;
          const previewed = await settled(id);
          if (previewed.status !== 'done') throw new Error(`preview: ${JSON.stringify(previewed).slice(0, 500)}`);
          marks.preview = performance.now() - t0;
          // The clerk's choice for rows that look like people already registered: skip them all.
          if (previewed.report?.matched) {
            const d = await client.request('POST', `/api/talents/imports/${id}/decisions`, { cookie, payload: { all: 'skip' } });
            if (d.statusCode !== 200) throw new Error(`decisions: ${d.statusCode} ${JSON.stringify(d.json).slice(0, 300)}`);
          }
          probe.phase = 'commit';
          const c = await client.request('POST', `/api/talents/imports/${id}/commit`, { cookie });
          if (c.statusCode !== 202) throw new Error(`commit: ${c.statusCode} ${JSON.stringify(c.json).slice(0, 300)}`);
          const done = await settled(id);
          if (done.status !== 'done' || done.phase !== 'committed') throw new Error(`commit: ${JSON.stringify(done).slice(0, 500)}`);
          marks.commit = performance.now() - t0;
          probe.stop = true;
          await prober;
          return done.report as { total: number; valid: number; errorRows: number; matched: number; created: number; updated: number; skipped: number };
        };
        const t0 = performance.now();
        if (server) {
          const before = server.memory();
          report = await flow();
          const after = server.memory();
          mem = { baselineMb: before.rssMb, peakMb: after.peakMb, startPeakMb: before.peakMb };
        } else {
          const r = await withPeakRss(flow);
          report = r.value;
          mem = { baselineMb: r.baselineMb, peakMb: r.peakMb, startPeakMb: null };
        }
      } finally {
        probe.stop = true;
        await server?.stop();
      }
      const during = { preview: summarise(probe.ms.preview), commit: summarise(probe.ms.commit) };
      const fmt = (x: Timings) => `${x.n} searches, p50 ${x.p50.toFixed(0)} / p95 ${x.p95.toFixed(0)} / max ${x.max.toFixed(0)} ms`;
      ctx.log(`  import: another user's search (王伟) meanwhile — preview: ${fmt(during.preview)}; commit: ${fmt(during.commit)}`);
      const s = marks.commit! / 1000;
      ctx.log(`  import: ${report.created.toLocaleString('en')} created, ${report.updated} updated, ${report.skipped} skipped, ${report.errorRows} error rows in ${s.toFixed(1)} s (upload ${(marks.upload! / 1000).toFixed(1)}, preview ${((marks.preview! - marks.upload!) / 1000).toFixed(1)}, commit ${((marks.commit! - marks.preview!) / 1000).toFixed(1)}); ${server ? 'server process' : 'this process'} RSS ${mem.baselineMb.toFixed(0)} → peak ${mem.peakMb.toFixed(0)} MB${mem.startPeakMb !== null ? ` (peak before the upload ${mem.startPeakMb.toFixed(0)} MB)` : ''}`);

      // The same people written straight to the table: generation + encryption + search columns + INSERT.
      await cleanUp(ctx, since);
      const r0 = performance.now();
      const pii = await getPii(db, ctx.env);
      const now = new Date();
      await insertTalentRows(ctx.database, make().map((g) => ({ ...toInsertRow(pii, g), createdAt: now, updatedAt: now, source: 'import' })), 2000);
      const rawS = (performance.now() - r0) / 1000;
      ctx.log(`  import: the same rows as raw multi-row INSERTs in ${rawS.toFixed(1)} s → import/raw ${(s / rawS).toFixed(1)}×`);

      const common = { section: 'import', target: ctx.target.label };
      const detail = { rows: ROWS, fileMb: round(mb), ...report, uploadS: round(marks.upload! / 1000, 2), previewS: round((marks.preview! - marks.upload!) / 1000, 2), commitS: round((marks.commit! - marks.preview!) / 1000, 2) };
      return [
        { ...common, name: `import ${ROWS.toLocaleString('en')} rows: upload + preview + commit`, value: round(s, 2), unit: 's', goal: { op: '<=', value: (GOAL_S * ROWS) / 100_000, of: 'value' }, pass: s <= (GOAL_S * ROWS) / 100_000, detail },
        {
          ...common,
          name: server ? 'import peak RSS of the server process (fenggui serve)' : 'import peak RSS of the process (incl. embedded DB)',
          value: Math.round(mem.peakMb), unit: 'MB', goal: { op: '<=', value: GOAL_MB, of: 'value' }, pass: mem.peakMb <= GOAL_MB,
          detail: { baselineMb: Math.round(mem.baselineMb), growthMb: Math.round(mem.peakMb - mem.baselineMb), ...(mem.startPeakMb !== null ? { peakBeforeUploadMb: Math.round(mem.startPeakMb) } : {}) },
        },
        { ...common, name: 'another user\'s search during the import preview (p95; max in detail)', value: round(during.preview.p95), unit: 'ms', goal: null, pass: null, detail: { ...during.preview } },
        { ...common, name: 'another user\'s search during the import commit (p95; max in detail)', value: round(during.commit.p95), unit: 'ms', goal: null, pass: null, detail: { ...during.commit } },
        { ...common, name: 'raw multi-row INSERT of the same rows', value: round(rawS, 2), unit: 's', goal: null, pass: null },
        { ...common, name: 'import time / raw insert time', value: round(s / rawS, 2), unit: '×', goal: null, pass: null },
      ];
    } finally {
      await cleanUp(ctx, since);
      removeTemp(dir);
    }
  },
};
