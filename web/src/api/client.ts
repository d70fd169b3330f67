import type { ErrorBody, ErrorCode, FieldError } from '../../../contracts/errors.ts';

/** An error answered by the API (or a network failure, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

let onUnauthenticated: () => void = () => {};
/** Set once by the session: what to do when any call answers 401 "not logged in". */
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** `?a=1&b=x` from an object, leaving out empty values. */
export function toQuery(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function request<T>(method: string, url: string, body?: unknown, opts: { staffSession?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (res.ok) return data as T;
  const err = (data as Partial<ErrorBody> | undefined)?.error;
  const apiError = err
    ? new ApiError(res.status, err.code, err.message, err.fields ?? [], err.requestId)
    : new ApiError(res.status, res.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED', `请求失败（HTTP ${res.status}）`);
  // A wrong password is also a 401, but it is the login form's business, not a lost session.
  if (res.status === 401 && apiError.code === 'UNAUTHENTICATED' && opts.staffSession !== false) onUnauthenticated();
  throw apiError;
}

export const api = {
  get: <T>(url: string, query?: Query) => request<T>('GET', url + toQuery(query)),
  post: <T>(url: string, body: unknown = {}) => request<T>('POST', url, body),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  delete: <T>(url: string) => request<T>('DELETE', url),
};

/**
 * The portal's calls (一家人云服务平台): the same errors, but a 401 there is about the portal
 * session and must not end the back office's one (web/src/portal handles it).
 */
const portal = { staffSession: false };
export const portalApi = {
  get: <T>(url: string, query?: Query) => request<T>('GET', url + toQuery(query), undefined, portal),
  post: <T>(url: string, body: unknown = {}) => request<T>('POST', url, body, portal),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body, portal),
};

/** A page of a list endpoint (contracts/common.ts pageOf). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
