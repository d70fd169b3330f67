import { describe, expect, it } from 'vitest';
import { SharedStrings } from './shared-strings.ts';

describe('SharedStrings (on-disk shared-string table)', () => {
  it('returns every string exactly, across block boundaries and with multi-byte text, in any order', () => {
    const ss = new SharedStrings(10); // a tiny string cache, so reads go through the block cache
    try {
      const all: string[] = [];
      for (let i = 0; i < 30_000; i++) {
        const s = i % 7 === 0 ? '' : i % 3 === 0 ? `凤城市第${i}中学（分校）` : `name-${i}-${'x'.repeat(i % 50)}`;
        all.push(s);
        ss.add(s);
      }
      // a long string spanning several 64 KiB blocks
      const long = '王伟芳'.repeat(50_000);
      all.push(long);
      ss.add(long);
      for (let i = 0; i < all.length; i += 97) expect(ss.get(i)).toBe(all[i]);
      for (let i = all.length - 1; i >= 0; i -= 89) expect(ss.get(i)).toBe(all[i]);
      expect(ss.get(all.length - 1)).toBe(long);
      expect(ss.get(all.length)).toBe('');
      // strings added after reads are still found (the last, partial block is never cached)
      ss.add('后加的');
      expect(ss.get(all.length)).toBe('后加的');
    } finally {
      ss.close();
    }
  });
});
