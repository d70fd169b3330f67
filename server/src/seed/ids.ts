import { idChecksumChar } from '../../../contracts/id-number.ts';

/** A valid 18-digit resident ID for a region code, birth date (YYYY-MM-DD), sequence and gender. */
export function makeIdNumber(region: string, birthDate: string, seq: number, gender: 'male' | 'female'): string {
  const s = String(seq % 100).padStart(2, '0');
  const g = gender === 'male' ? (seq % 5) * 2 + 1 : (seq % 5) * 2;
  const first17 = `${region}${birthDate.replace(/-/g, '')}${s}${g}`;
  return first17 + idChecksumChar(first17);
}

/**
 * A valid 18-digit resident ID with the full sequence range: `order` 0–499 is the rank among people
 * of the same gender born on that day in that region (sequence code = 2·order + 1 for men, 2·order
 * for women), so up to 500 distinct numbers per region, day and gender.
 */
export function idNumberFor(region: string, birthDate: string, order: number, gender: 'male' | 'female'): string {
  const code = String((order % 500) * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = `${region}${birthDate.replace(/-/g, '')}${code}`;
  return first17 + idChecksumChar(first17);
}
