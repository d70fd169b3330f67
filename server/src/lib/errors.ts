import type { ErrorCode, FieldError } from '../../../contracts/errors.ts';

/** The one error class of the server: a code, an HTTP status and a Chinese message for the UI. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The record a denial concerns, for the audit line of a 403/404 (lib/denied-audit.ts). */
  target?: { type: string | null; id: string };
}

export const unauthenticated = (message = '请先登录') => new AppError('UNAUTHENTICATED', 401, message);
export const forbidden = (message = '没有权限执行此操作') => new AppError('FORBIDDEN', 403, message);
/**
 * Out-of-scope records are reported exactly like missing ones (DESIGN.md §5). `target` names the
 * record for the audit line the error handler writes (default: the route's `:id`).
 */
export const notFound = (what = '记录', target?: { type: string; id: string }) => {
  const e = new AppError('NOT_FOUND', 404, `${what}不存在`);
  if (target) e.target = target;
  return e;
};
export const conflict = (message: string, fields?: FieldError[]) =>
  new AppError('CONFLICT', 409, message, fields);
export const versionConflict = () =>
  new AppError('VERSION_CONFLICT', 409, '数据已被他人修改，请刷新后重试');
export const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', 400, message, [{ field, message }]);
