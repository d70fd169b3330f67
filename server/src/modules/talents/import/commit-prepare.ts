import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, gt, inArray } from 'drizzle-orm';
import { crossFieldErrors, type TalentFields } from '../../../../../contracts/talents.ts';
import type { Db } from '../../../db/client.ts';
import { talentImportRows, talents } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { AppError } from '../../../lib/errors.ts';
import { JobError } from '../../../lib/jobs.ts';
import type { Pii } from '../../../lib/pii.ts';
import { derivedSearchColumns, diffTalent, plainColumns, rowToFields, sensitiveColumns, type TalentRow } from '../talent-record.ts';
import { assertCanOwn, writeScope } from '../talents.policy.ts';
import { BATCH, decryptFields, rowLabel, updateStagedRows, yieldToEventLoop, type StagedData } from './staged.ts';

/** The columns an import writes. A create sets all of them, an update the ones from `name` on. */
export const CREATE_ONLY = ['id', 'version', 'createdBy'] as const;
export const WRITTEN = [
  'name', 'namePinyin', 'nameInitials', 'gender', 'birthDate', 'ethnicity', 'idType', 'idNumberEnc', 'idNumberHash', 'idNumberMasked',
  'phonesEnc', 'phoneHashes', 'phonesMasked', 'email', 'wechat', 'nativeCountyId', 'nativeTownship', 'isNative', 'ownerCountyId',
  'outpostId', 'locationCode', 'locationCountry', 'employer', 'position', 'industryCode', 'specialty', 'degree', 'school',
  'graduationYear', 'titleLevel', 'tier', 'category', 'honours', 'tags', 'status', 'returnedAt', 'returnChannel', 'source',
  'remarks', 'campaignId', 'searchGrams',
] as const satisfies readonly (keyof TalentRow)[];

const COLUMNS = getTableColumns(talents);
export const columnName = (k: keyof TalentRow): string => COLUMNS[k].name;

/** camelCase values → { snake_case column: value } for jsonb_populate_record. */
function toColumns(values: Partial<TalentRow>, keys: readonly (keyof TalentRow)[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [columnName(k), values[k] ?? null]));
}

/** Same defaults as a record created in the UI; `source` is always 批量导入. */
const CREATE_DEFAULTS: Partial<TalentFields> = { isNative: true, category: 'other', status: 'abroad', phones: [], honours: [], tags: [] };

function searchOf(v: Partial<TalentRow>) {
  return derivedSearchColumns({ name: v.name!, employer: v.employer ?? null, school: v.school ?? null, specialty: v.specialty ?? null });
}

/** What a created record takes from the import rather than the row. */
export interface CreateContext {
  userId: string;
  /** The importer's county, for rows that leave 所属县 empty. */
  defaultOwnerCountyId: string | null;
  campaignId: string | null;
}

/**
 * The record a row makes when it is created: exactly the column values (snake_case, ID number and
 * phones encrypted, search columns derived, a new id), through the same code as talents.service.ts.
 * Computed while staging, so the commit only copies them. Also returns the staged `data` (the
 * given fields, sharing the ciphertexts) and the blind indexes for matching.
 */
export function createValuesOf(pii: Pii, given: Partial<TalentFields>, cc: CreateContext): { values: Record<string, unknown>; data: StagedData; idHash: string | null; phoneHashes: string[] } {
  const f = { ...CREATE_DEFAULTS, ownerCountyId: cc.defaultOwnerCountyId ?? undefined, ...given, source: 'import' as const };
  const sc = sensitiveColumns(pii, { idNumber: f.idNumber ?? null, phones: f.phones ?? [] });
  const v: Partial<TalentRow> = { ...plainColumns(f), ...sc };
  const values = { ...v, ...searchOf(v), id: randomUUID(), version: 1, createdBy: cc.userId, campaignId: cc.campaignId };
  const { idNumber: _i, phones: _p, ...plain } = given;
  const data: StagedData = { fields: plain };
  if (given.idNumber) Object.assign(data, { idNumberEnc: sc.idNumberEnc, idNumberMasked: sc.idNumberMasked });
  if (given.phones?.length) Object.assign(data, { phonesEnc: sc.phonesEnc, phonesMasked: sc.phonesMasked });
  return { values: toColumns(values, [...CREATE_ONLY, ...WRITTEN]), data, idHash: sc.idNumberHash ?? null, phoneHashes: sc.phoneHashes ?? [] };
}

export interface PrepareInput {
  db: Db;
  pii: Pii;
  importId: string;
  user: SessionUser;
  campaignId: string | null;
  multiSheet: boolean;
  total: number;
  onProgress: (fraction: number) => Promise<void>;
}

/**
 * Before the commit's transaction: computes, batch by batch, the exact column values of every
 * update (creates were computed while staging) against the record as it is now, the history diff,
 * and checks each updated record is still the one previewed. The transaction then only copies
 * prepared rows, so it stays short.
 */
export async function prepareCommit(p: PrepareInput): Promise<void> {
  const { db, pii, importId, user } = p;
  let lastSeq = 0;
  for (;;) {
    const batch = await db
      .select({ seq: talentImportRows.seq, sheet: talentImportRows.sheet, rowNo: talentImportRows.rowNo, data: talentImportRows.data, decision: talentImportRows.decision, talentId: talentImportRows.talentId, targetVersion: talentImportRows.targetVersion })
      .from(talentImportRows)
      .where(and(eq(talentImportRows.importId, importId), eq(talentImportRows.status, 'valid'), eq(talentImportRows.decision, 'update'), gt(talentImportRows.seq, lastSeq)))
      .orderBy(asc(talentImportRows.seq))
      .limit(BATCH);
    if (!batch.length) break;
    lastSeq = batch[batch.length - 1]!.seq;
    const targetIds = batch.filter((r) => r.talentId).map((r) => r.talentId!);
    const targets = targetIds.length
      ? new Map((await db.select().from(talents).where(and(inArray(talents.id, targetIds), writeScope(user)))).map((t) => [t.id, t]))
      : new Map<string, TalentRow>();
    const out: Record<string, unknown>[] = [];
    for (const r of batch) {
      const where = rowLabel(r.sheet, r.rowNo, p.multiSheet);
      const given = decryptFields(pii, r.data as StagedData);
      const before = targets.get(r.talentId ?? '');
      if (!before || before.version !== r.targetVersion || before.mergedInto) {
        throw new JobError(`${where}匹配的记录在预览后已被他人修改、合并或移出您的范围，未导入任何数据；请重新上传预览`);
      }
      const merged: Partial<TalentFields> = { ...rowToFields(before, pii), ...given };
      const problem = crossFieldErrors(merged)[0];
      if (problem) throw new JobError(`${where}：更新已有记录后${problem[1]}。未导入任何数据；可将该行改为“跳过”后重新提交`);
      if (merged.ownerCountyId !== before.ownerCountyId || (merged.outpostId ?? null) !== before.outpostId) {
        try {
          assertCanOwn(user, merged.ownerCountyId!, merged.outpostId);
        } catch (err) {
          if (err instanceof AppError) throw new JobError(`${where}：${err.message}。未导入任何数据`);
          throw err;
        }
      }
      const v: Partial<TalentRow> = { ...plainColumns(merged), ...sensitiveColumns(pii, { idNumber: merged.idNumber ?? null, phones: merged.phones ?? [] }) };
      const after = { ...before, ...v, ...searchOf({ ...before, ...v }), campaignId: p.campaignId ?? before.campaignId } as TalentRow;
      const changes = diffTalent(before, after);
      out.push({ seq: r.seq, prepared: changes.length ? toColumns(after, WRITTEN) : null, changes });
    }
    await updateStagedRows(db, importId, { prepared: 'jsonb', changes: 'jsonb' }, out);
    await p.onProgress(Math.min(1, lastSeq / Math.max(1, p.total)));
    await yieldToEventLoop();
  }
}
