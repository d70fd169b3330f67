import { IMPORT_DECISION_LABELS, type ImportDecision, type ImportMatch, type ImportReport, type ImportStatus } from '../../../../../contracts/imports.ts';
import type { Planned } from './api.ts';

/** Where an import stands, as the page shows it. Pure: no React. */
export type ImportStage = 'previewing' | 'preview-failed' | 'previewed' | 'committing' | 'commit-failed' | 'committed';

/**
 * `commitAsked`: this page asked for the commit. The status does not say which job runs, and the
 * preview marks the import previewed a moment before its job ends, so "previewed + running" is a
 * commit only when one was asked for.
 */
export function importStage(s: Pick<ImportStatus, 'phase' | 'status'>, commitAsked = false): ImportStage {
  if (s.phase === 'committed') return 'committed';
  if (s.phase === 'uploaded') return s.status === 'failed' ? 'preview-failed' : 'previewing';
  if (s.status === 'running') return commitAsked ? 'committing' : 'previewing';
  return s.status === 'failed' ? 'commit-failed' : 'previewed';
}

export const STAGE_LABELS: Record<ImportStage, string> = {
  previewing: '正在检查',
  'preview-failed': '检查失败',
  previewed: '待确认',
  committing: '正在导入',
  'commit-failed': '导入失败',
  committed: '已导入',
};
export const STAGE_COLORS: Record<ImportStage, string> = {
  previewing: 'processing',
  'preview-failed': 'error',
  previewed: 'warning',
  committing: 'processing',
  'commit-failed': 'error',
  committed: 'success',
};

/** "第 12 行", with the sheet's name when the file has several sheets. */
export function rowText(sheet: string, row: number, multiSheet: boolean): string {
  return multiSheet ? `${sheet} 第 ${row} 行` : `第 ${row} 行`;
}

/** What 确认导入 will do, in one sentence. */
export function confirmText(planned: Planned, errorRows: number): string {
  const parts = [`新增 ${planned.create} 人`, `更新 ${planned.update} 人`, `跳过 ${planned.skip} 行`];
  const errors = errorRows ? `；有错误的 ${errorRows} 行不会导入` : '';
  return `将${parts.join('、')}${errors}。全部成功才会写入人才信息库，任何一行失败则全部不写入。`;
}

/** What the commit did. */
export function resultText(r: Pick<ImportReport, 'created' | 'updated' | 'unchanged' | 'skipped' | 'errorRows'>): string {
  const parts = [`新增 ${r.created} 人`, `更新 ${r.updated} 人`];
  if (r.unchanged) parts.push(`${r.unchanged} 人信息无变化`);
  parts.push(`跳过 ${r.skipped} 行`);
  if (r.errorRows) parts.push(`${r.errorRows} 行有错误未导入`);
  return parts.join('，');
}

/** The choices of one matched row; impossible ones are disabled with the reason. */
export function decisionOptions(m: Pick<ImportMatch, 'canCreate' | 'canUpdate'>): { value: ImportDecision; label: string; disabled: boolean; title?: string }[] {
  return [
    { value: 'update', label: IMPORT_DECISION_LABELS.update, disabled: !m.canUpdate, title: m.canUpdate ? undefined : '没有可更新的已有记录' },
    { value: 'create', label: IMPORT_DECISION_LABELS.create, disabled: !m.canCreate, title: m.canCreate ? undefined : '证件号码已登记，不能再新增' },
    { value: 'skip', label: IMPORT_DECISION_LABELS.skip, disabled: false },
  ];
}
