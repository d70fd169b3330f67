import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { IMPORT_ROLES } from '../../../../../contracts/imports.ts';
import { maskIdNumber, maskPhone } from '../../../../../contracts/id-number.ts';
import type { TalentFields } from '../../../../../contracts/talents.ts';
import type { Db } from '../../../db/client.ts';
import { talentImportRows, talentImports, users } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { JobError } from '../../../lib/jobs.ts';
import type { Pii } from '../../../lib/pii.ts';
import { scopeOf } from '../../../lib/scope.ts';
import { loadRoleBindings } from '../../../lib/session.ts';
import { TALENT_WRITERS } from '../talents.policy.ts';

export const IMPORTERS = IMPORT_ROLES;
export const JOB_PREVIEW = 'talent-import.preview';
export const JOB_COMMIT = 'talent-import.commit';
export const JOB_REFRESH_STATS = 'talents.refresh-stats';
export const BATCH = 500;

/** A staged row's `data`: the fields it gave, with the ID number and phones only encrypted. */
export interface StagedData {
  fields: Partial<Omit<TalentFields, 'idNumber' | 'phones'>>;
  idNumberEnc?: string;
  idNumberMasked?: string;
  phonesEnc?: string[];
  phonesMasked?: string[];
}

export function encryptFields(pii: Pii, f: Partial<TalentFields>): { data: StagedData; idHash: string | null; phoneHashes: string[] } {
  const { idNumber, phones, ...plain } = f;
  const data: StagedData = { fields: plain };
  if (idNumber) {
    data.idNumberEnc = pii.encrypt(idNumber);
    data.idNumberMasked = maskIdNumber(idNumber);
  }
  if (phones?.length) {
    data.phonesEnc = phones.map((p) => pii.encrypt(p));
    data.phonesMasked = phones.map(maskPhone);
  }
  return { data, idHash: idNumber ? pii.blindIndex('id', idNumber) : null, phoneHashes: (phones ?? []).map((p) => pii.blindIndex('phone', p)) };
}

/** The fields a staged row gave, decrypted; only the keys the row had are present. */
export function decryptFields(pii: Pii, d: StagedData): Partial<TalentFields> {
  const out: Partial<TalentFields> = { ...d.fields };
  if (d.idNumberEnc) out.idNumber = pii.decrypt(d.idNumberEnc);
  if (d.phonesEnc) out.phones = d.phonesEnc.map((p) => pii.decrypt(p));
  return out;
}

/** The county a row without 所属县 goes to: the importer's own county, when they have exactly one. */
export function defaultOwnerOf(user: SessionUser): string | null {
  const s = scopeOf({ ...user, roles: user.roles.filter((r) => TALENT_WRITERS.includes(r.role)) });
  return !s.all && s.countyIds.length === 1 ? s.countyIds[0]! : null;
}

/** The importer as they are now (a job runs later than the request; roles may have changed). */
export async function loadImportUser(db: Db, userId: string): Promise<SessionUser> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  const roles = u && !u.disabled ? await loadRoleBindings(db, userId) : [];
  if (!u || !roles.some((r) => IMPORTERS.includes(r.role))) {
    throw new JobError('导入人的账号已停用或已无导入权限，导入未执行');
  }
  return { id: u.id, username: u.username, displayName: u.displayName, isDemo: u.isDemo, roles };
}

export async function loadImport(db: Db, id: string) {
  const [imp] = await db.select().from(talentImports).where(eq(talentImports.id, id));
  if (!imp) throw new JobError('导入记录不存在');
  return imp;
}

/** "<sheet no>-<row>", what the decisions endpoint takes back. */
export const refOf = (sheetNo: number, rowNo: number) => `${sheetNo}-${rowNo}`;

/** "第 12 行" — with the sheet's name when the file has several. */
export function rowLabel(sheet: string, rowNo: number, multiSheet: boolean): string {
  return multiSheet ? `工作表“${sheet}”第 ${rowNo} 行` : `第 ${rowNo} 行`;
}

/**
 * Updates many staged rows in one statement: `values` is a list of objects with `seq` and the
 * columns to set (snake_case names and their SQL types in `columns`).
 */
export async function updateStagedRows(db: Db, importId: string, columns: Record<string, string>, values: Record<string, unknown>[]): Promise<void> {
  if (!values.length) return;
  const names = Object.keys(columns);
  const set = names.map((c) => `"${c}" = x."${c}"`).join(', ');
  const spec = ['seq int', ...names.map((c) => `"${c}" ${columns[c]}`)].join(', ');
  const q: SQL = sql`update talent_import_rows s set ${sql.raw(set)}
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as x(${sql.raw(spec)})
    where s.import_id = ${importId} and s.seq = x.seq`;
  await db.execute(q);
}

type StagedInsert = typeof talentImportRows.$inferInsert;
const STAGED_COLUMNS = Object.entries(getTableColumns(talentImportRows)).map(([key, col]) => ({ key: key as keyof StagedInsert, name: col.name }));
/** What a column left out of an insert gets (jsonb_populate_recordset fills missing keys with null, not the default). */
const STAGED_DEFAULTS: Partial<StagedInsert> = { errors: [], phoneHashes: [], matched: false, canCreate: true, canUpdate: false };

/**
 * Inserts a batch of staged rows as one JSON parameter (`jsonb_populate_recordset`) instead of a
 * multi-row VALUES list: one bind parameter instead of ~25 a row, which both drivers serialise one
 * by one (a third of a 500-row insert's time on PGlite).
 */
export async function insertStagedRows(db: Db, rows: StagedInsert[]): Promise<void> {
  if (!rows.length) return;
  const json = rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const { key, name } of STAGED_COLUMNS) {
      const v = r[key] ?? STAGED_DEFAULTS[key];
      if (v !== undefined && v !== null) o[name] = v;
    }
    return o;
  });
  await db.execute(sql`insert into talent_import_rows select * from jsonb_populate_recordset(null::talent_import_rows, ${JSON.stringify(json)}::jsonb)`);
}

export const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/** The rows of a raw `db.execute` (both drivers return `{ rows }`). */
export function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}
