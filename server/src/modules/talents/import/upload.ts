import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Env } from '../../../env.ts';
import { AppError, invalid } from '../../../lib/errors.ts';
import { storageOf } from '../../../lib/storage.ts';
import { checkXlsxFile, zipLimitsOf } from './xlsx-check.ts';

export interface Upload {
  storageKey: string;
  fileName: string;
  size: number;
  mode: 'preview' | 'commit';
  campaignId: string | null;
}

const tooLarge = (env: Env) => new AppError('PAYLOAD_TOO_LARGE', 413, `上传文件不能超过 ${env.UPLOAD_MAX_MB} MB，请拆分后分批导入`);

/** A file name fit for display: no directories, no control characters, not too long. */
function displayName(raw: string | undefined): string {
  const base = path.basename((raw ?? '').replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || '导入文件.xlsx').slice(-120);
}

/**
 * Reads the multipart request (`file`, `mode`, optional `campaignId`; any order), streams the file
 * into storage under a key of our own, and checks that it is a sane .xlsx before anything else
 * happens. A refused file is removed at once.
 */
export async function receiveUpload(req: FastifyRequest, env: Env): Promise<Upload> {
  if (!req.isMultipart()) throw invalid('file', '请以 multipart/form-data 方式上传文件（字段 file）');
  const storage = storageOf(env);
  const fields: Record<string, string> = {};
  let stored: { key: string; fileName: string; size: number } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = String(part.value ?? '');
        continue;
      }
      if (part.fieldname !== 'file' || stored) {
        part.file.resume();
        continue;
      }
      const key = `imports/${randomUUID()}.xlsx`;
      const { size } = await storage.put(key, part.file);
      stored = { key, fileName: displayName(part.filename), size };
      if (part.file.truncated) throw tooLarge(env);
    }
  } catch (err) {
    if (stored) await storage.remove(stored.key);
    if ((err as { statusCode?: number }).statusCode === 413) throw tooLarge(env);
    throw err;
  }
  if (!stored) throw invalid('file', '请选择要上传的文件（字段 file）');
  try {
    const mode = z.enum(['preview', 'commit']).safeParse(fields.mode ?? 'preview');
    if (!mode.success) throw invalid('mode', 'mode 应为 preview（预览）或 commit（直接导入）');
    const campaign = fields.campaignId ? z.uuid().safeParse(fields.campaignId) : null;
    if (campaign && !campaign.success) throw invalid('campaignId', '信息统计活动 ID 格式不正确');
    if (stored.size === 0) throw invalid('file', '上传的文件是空的');
    await storage.withLocalPath(stored.key, (file) => checkXlsxFile(file, zipLimitsOf(env)));
    return { storageKey: stored.key, fileName: stored.fileName, size: stored.size, mode: mode.data, campaignId: campaign?.data ?? null };
  } catch (err) {
    await storage.remove(stored.key);
    throw err;
  }
}
