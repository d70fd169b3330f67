import fs from 'node:fs';
import yauzl from 'yauzl';
import type { Env } from '../../../env.ts';
import { AppError } from '../../../lib/errors.ts';

/**
 * An uploaded .xlsx is a zip archive: before anything parses it, make sure it is one and that it
 * cannot unpack into something huge (a zip bomb). Nothing is ever extracted to disk and no path
 * from inside the archive is used.
 */
const bad = (message: string) => new AppError('VALIDATION_FAILED', 400, message, [{ field: 'file', message }]);
const MB = 1024 * 1024;

export interface ZipLimits {
  maxUnpackedBytes: number;
  maxEntries: number;
}

export function zipLimitsOf(env: Env): ZipLimits {
  return { maxUnpackedBytes: env.IMPORT_MAX_UNPACKED_MB * MB, maxEntries: env.IMPORT_MAX_ZIP_ENTRIES };
}

async function head(file: string): Promise<Buffer> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(8);
    const { bytesRead } = await fd.read(buf, 0, 8, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw bad('文件已损坏或不是有效的 .xlsx 文件');
  }
}

/** The cheap check done on upload: signature, then the archive's directory (entry count, declared sizes). */
export async function checkXlsxFile(file: string, limits: ZipLimits): Promise<void> {
  const sig = await head(file);
  if (sig.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw bad('这是旧版 Excel（.xls）文件或设置了打开密码的文件，请取消密码并另存为 .xlsx 后再上传');
  }
  if (!sig.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    throw bad('文件不是 Excel（.xlsx）格式，请在 Excel 或 WPS 中“另存为 .xlsx”后再上传（不支持 .xls、.csv、.et）');
  }
  const zip = await openZip(file);
  try {
    if (zip.entryCount > limits.maxEntries) throw bad(`压缩包内文件过多（${zip.entryCount} 个），不是正常的 Excel 文件，已拒绝`);
    let total = 0;
    let hasWorkbook = false;
    for await (const entry of zip.eachEntry()) {
      total += entry.uncompressedSize;
      if (total > limits.maxUnpackedBytes) throw bad(`文件解压后超过 ${Math.round(limits.maxUnpackedBytes / MB)} MB（疑似“压缩炸弹”），已拒绝`);
      if (entry.uncompressedSize > 10 * MB && entry.uncompressedSize / Math.max(1, entry.compressedSize) > 1000) {
        throw bad('文件压缩比异常（疑似“压缩炸弹”），已拒绝');
      }
      if (entry.isEncrypted()) throw bad('文件已加密，请取消密码后再上传');
      if (entry.fileName === 'xl/workbook.xml') hasWorkbook = true;
    }
    if (!hasWorkbook) throw bad('文件不是有效的 .xlsx 工作簿（缺少 xl/workbook.xml）');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw bad('文件已损坏或不是有效的 .xlsx 文件');
  } finally {
    zip.close();
  }
}

/**
 * The thorough check, run by the import job before parsing: inflates every entry (to nowhere),
 * stopping as soon as the real unpacked size passes the limit or differs from what the directory
 * declares. Counts the `<row` elements of each worksheet on the way, for progress.
 */
export async function inflateAndCountRows(file: string, limits: ZipLimits): Promise<number> {
  const zip = await openZip(file);
  let total = 0;
  let rows = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const isSheet = /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.fileName);
      const stream = await zip.openReadStreamPromise(entry);
      let tail = '';
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > limits.maxUnpackedBytes) {
          stream.destroy();
          throw bad(`文件解压后超过 ${Math.round(limits.maxUnpackedBytes / MB)} MB（疑似“压缩炸弹”），已拒绝`);
        }
        if (isSheet) {
          const text = tail + chunk.toString('latin1');
          rows += text.match(/<row[\s>]/g)?.length ?? 0;
          tail = text.slice(-4); // shorter than a match, so none is counted twice
        }
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw bad('文件内容与压缩目录不符或已损坏（疑似“压缩炸弹”），已拒绝');
  } finally {
    zip.close();
  }
  return rows;
}
