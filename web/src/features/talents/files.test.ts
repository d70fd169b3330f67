import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition } from './files.ts';

describe('file name of a download', () => {
  it('prefers the UTF-8 name the server sends for Chinese names', () => {
    const h = `attachment; filename="talents_20261126.xlsx"; filename*=UTF-8''${encodeURIComponent('人才信息（未脱敏）_20261126.xlsx')}`;
    expect(fileNameFromDisposition(h, 'x.xlsx')).toBe('人才信息（未脱敏）_20261126.xlsx');
  });
  it('falls back to the plain name, then to the given one', () => {
    expect(fileNameFromDisposition('attachment; filename="import.xlsx"', 'x.xlsx')).toBe('import.xlsx');
    expect(fileNameFromDisposition('attachment; filename=plain.xlsx', 'x.xlsx')).toBe('plain.xlsx');
    expect(fileNameFromDisposition("attachment; filename*=UTF-8''%E4%BA%BA%ZZ", 'x.xlsx')).toBe('x.xlsx');
    expect(fileNameFromDisposition(null, '错误数据.xlsx')).toBe('错误数据.xlsx');
  });
});
