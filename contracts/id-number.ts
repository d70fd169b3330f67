/**
 * Resident identity numbers (GB 11643-1999) and the clerk-proof normalisation shared by the
 * server, the import pipeline and the web forms.
 */

/** Full-width ASCII (０-９, Ａ-Ｚ, ａ-ｚ, full-width space and punctuation) → half-width. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Half-width, no spaces of any kind, upper-case X. */
export function normaliseIdNumber(raw: string): string {
  return toHalfWidth(raw).replace(/[\s\u00a0\u200b-]/g, '').toUpperCase();
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idChecksumChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export type IdCheck =
  | { ok: true; birthDate: string; gender: 'male' | 'female'; regionCode: string }
  | { ok: false; reason: string };

/** Validates an 18-digit resident ID: format, birth date and the GB 11643 checksum. */
export function checkResidentId(raw: string): IdCheck {
  const id = normaliseIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号应为 18 位（最后一位可为 X）' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) {
    return { ok: false, reason: '身份证号中的出生日期无效' };
  }
  if (idChecksumChar(id.slice(0, 17)) !== id[17]) return { ok: false, reason: '身份证号校验位不正确' };
  return {
    ok: true,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
}

/** 110105199001011234 → 110105********1234 */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return `${id.slice(0, 2)}${'*'.repeat(Math.max(0, id.length - 4))}${id.slice(-2)}`;
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Phone numbers: half-width digits only; +86/0086 prefix dropped; landline keeps its area code. */
export function normalisePhone(raw: string): string {
  let p = toHalfWidth(raw).replace(/[\s\u00a0()（）-]/g, '');
  p = p.replace(/^(\+86|0086)/, '');
  return p;
}

/** Mainland mobile (1[3-9]xxxxxxxxx) or landline with area code (0xx-xxxxxxxx). */
export function isPhone(p: string): boolean {
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}\d{7,8}$/.test(p);
}

/** 13812345678 → 138****5678 */
export function maskPhone(p: string): string {
  if (p.length < 7) return '*'.repeat(p.length);
  return `${p.slice(0, 3)}${'*'.repeat(p.length - 7)}${p.slice(-4)}`;
}
