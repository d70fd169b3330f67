import type { FormInstance } from 'antd';
import { ApiError } from './client.ts';
import { toast } from './feedback.ts';

/** `roles.0.countyId` → ['roles', 0, 'countyId'], the antd Form name path. */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * THE place where an API failure becomes something the user sees: the API's Chinese message
 * as a toast, and — when a form is given — each `fields[]` entry on its form field.
 * A lost session (401) is handled by the client (back to the login page) and shown once there.
 */
export function showError(err: unknown, form?: FormInstance): void {
  if (!(err instanceof ApiError)) {
    console.error(err);
    toast().error('操作失败：发生了意外错误，请刷新页面后重试');
    return;
  }
  if (err.code === 'UNAUTHENTICATED') return;
  if (form && err.fields.length) {
    const names = new Set<string>();
    const entries = err.fields
      .filter((f) => !names.has(f.field) && names.add(f.field))
      .map((f) => ({ name: fieldPath(f.field), errors: [f.message] }));
    form.setFields(entries);
    const first = entries[0];
    if (first) form.scrollToField(first.name, { scrollMode: 'if-needed', block: 'nearest' });
  }
  toast().error({ content: err.message, key: err.requestId });
}

/** For `.catch(...)`: shows the error, then resolves to undefined. */
export const reportError = (form?: FormInstance) => (err: unknown) => {
  showError(err, form);
  return undefined;
};
