import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Measurement } from './section.ts';
import { BENCH_DIR } from './target.ts';

export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  commit: string;
  node: string;
  cpus: string;
  memoryGb: number;
  /** 1-minute load average at start and end: other work on the machine shows up here. */
  loadAverage: { start: number; end: number };
  targets: { label: string; setup: unknown }[];
  skipped: { section: string; target: string; reason: string }[];
  notes: string[];
}

export function machineInfo(): Pick<RunInfo, 'commit' | 'node' | 'cpus' | 'memoryGb'> {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: BENCH_DIR, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    /* not a checkout */
  }
  const cpu = os.cpus();
  return { commit, node: process.version, cpus: `${cpu.length} × ${cpu[0]?.model ?? '?'}`, memoryGb: Math.round(os.totalmem() / 1024 ** 3) };
}

const verdict = (m: Measurement) => (m.pass === null ? '' : m.pass ? 'PASS' : 'MISS');
const goalText = (m: Measurement) => (m.goal ? `${m.goal.of} ${m.goal.op} ${m.goal.value} ${m.unit}` : '');
const figure = (m: Measurement) => (m.p50 !== undefined ? `${m.p50} / ${m.p95}` : String(m.value ?? ''));

function rows(ms: Measurement[]): string[][] {
  return ms.map((m) => [m.target, m.section, m.name, m.role ?? '', m.runs ? String(m.runs) : '', figure(m), m.unit, goalText(m), verdict(m)]);
}
const HEAD = ['target', 'section', 'measure', 'as', 'runs', 'p50 / p95 or value', 'unit', 'goal', ''];

/** A plain-text table for the terminal. */
export function printTable(ms: Measurement[]): string {
  const all = [HEAD, ...rows(ms)];
  const width = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => width(r[i]!))));
  return all.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ').trimEnd()).join('\n');
}

function markdown(ms: Measurement[], info: RunInfo): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `# Fenggui benchmark — ${info.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Commit \`${info.commit}\`, Node ${info.node}, ${info.cpus}, ${info.memoryGb} GB RAM. ` +
      `Load average (1 min) ${info.loadAverage.start.toFixed(2)} at start, ${info.loadAverage.end.toFixed(2)} at the end — the machine is shared, so expect noise.`,
    '',
    `| ${HEAD.map(esc).join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows(ms).map((r) => `| ${r.map(esc).join(' | ')} |`),
    '',
    '## Details',
    '',
    ...ms.filter((m) => m.detail).map((m) => `- ${m.target} · ${m.name}${m.role ? ` · ${m.role}` : ''}: ${Object.entries(m.detail!).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')}`),
    '',
    '## Set-up',
    '',
    ...info.targets.map((t) => `- ${t.label}: \`${JSON.stringify(t.setup)}\``),
    ...(info.skipped.length ? ['', '## Skipped', '', ...info.skipped.map((s) => `- ${s.section} on ${s.target}: ${s.reason}`)] : []),
    ...(info.notes.length ? ['', '## Notes', '', ...info.notes.map((n) => `- ${n}`)] : []),
    '',
  ];
  return lines.join('\n');
}

/** Writes bench/results/<timestamp>-<targets>.json and .md; returns their paths. */
export function writeResults(ms: Measurement[], info: RunInfo): string[] {
  const dir = path.join(BENCH_DIR, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = info.startedAt.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const label = info.targets.map((t) => t.label.toLowerCase().replace(/[^a-z0-9]+/g, '')).join('+') || 'none';
  const base = path.join(dir, `${stamp}-${label}`);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify({ info, measurements: ms }, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, markdown(ms, info));
  return [`${base}.json`, `${base}.md`];
}
