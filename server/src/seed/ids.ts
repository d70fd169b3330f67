import { idChecksumChar } from '../../../contracts/id-number.ts';

/** A valid 18-digit resident ID for a region code, birth date (YYYY-MM-DD), sequence and gender. */
export function makeIdNumber(region: string, birthDate: string, seq: number, gender: 'male' | 'female'): string {
  const s = String(seq % 100).padStart(2, '0');
  const g = gender === 'male' ? (seq % 5) * 2 + 1 : (seq % 5) * 2;
  const first17 = `${region}${birthDate.replace(/-/g, '')}${s}${g}`;
  return first17 + idChecksumChar(first17);
}
