import { describe, expect, it } from 'vitest';
import { confirmText, decisionOptions, importStage, resultText, rowText } from './importText.ts';

describe('import page texts', () => {
  it('tells the stage from phase and job status', () => {
    expect(importStage({ phase: 'uploaded', status: 'running' })).toBe('previewing');
    expect(importStage({ phase: 'uploaded', status: 'failed' })).toBe('preview-failed');
    expect(importStage({ phase: 'previewed', status: 'done' })).toBe('previewed');
    // The preview marks the import previewed a moment before its job ends: not a commit unless asked.
    expect(importStage({ phase: 'previewed', status: 'running' })).toBe('previewing');
    expect(importStage({ phase: 'previewed', status: 'running' }, true)).toBe('committing');
    expect(importStage({ phase: 'previewed', status: 'failed' }, true)).toBe('commit-failed');
    expect(importStage({ phase: 'committed', status: 'done' })).toBe('committed');
  });

  it('states the counts before and after the commit', () => {
    expect(confirmText({ create: 2, update: 1, skip: 1 }, 3)).toBe('将新增 2 人、更新 1 人、跳过 1 行；有错误的 3 行不会导入。全部成功才会写入人才信息库，任何一行失败则全部不写入。');
    expect(confirmText({ create: 5, update: 0, skip: 0 }, 0)).not.toContain('错误');
    expect(resultText({ created: 2, updated: 1, unchanged: 0, skipped: 1, errorRows: 3 })).toBe('新增 2 人，更新 1 人，跳过 1 行，3 行有错误未导入');
    expect(resultText({ created: 0, updated: 2, unchanged: 1, skipped: 0, errorRows: 0 })).toBe('新增 0 人，更新 2 人，1 人信息无变化，跳过 0 行');
  });

  it('names rows with the sheet only when the file has several', () => {
    expect(rowText('凤鸣区', 12, false)).toBe('第 12 行');
    expect(rowText('凤鸣区', 12, true)).toBe('凤鸣区 第 12 行');
  });

  it('disables the choices the server would refuse', () => {
    const opts = decisionOptions({ canCreate: false, canUpdate: true });
    expect(opts.find((o) => o.value === 'create')).toMatchObject({ disabled: true, title: '证件号码已登记，不能再新增' });
    expect(opts.find((o) => o.value === 'update')?.disabled).toBe(false);
    expect(decisionOptions({ canCreate: true, canUpdate: false }).find((o) => o.value === 'update')?.disabled).toBe(true);
    expect(opts.find((o) => o.value === 'skip')?.disabled).toBe(false);
  });
});
