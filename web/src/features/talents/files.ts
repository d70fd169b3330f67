import type { ErrorBody } from '../../../../contracts/errors.ts';
import { api, ApiError } from '../../api/client.ts';

/**
 * Files to and from the API (uploads as multipart, xlsx downloads as blobs). JSON calls go through
 * api/client.ts; these answer errors the same way (an ApiError with the API's Chinese message).
 */

/** The file name of a Content-Disposition header: `filename*=UTF-8''…` first, then `filename="…"`. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // a malformed escape: fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || fallback;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  // A lost session: let the client's handler send the user back to the login page.
  if (res.status === 401) void api.get('/api/auth/me').catch(() => undefined);
  return e
    ? new ApiError(res.status, e.code, e.message, e.fields ?? [], e.requestId)
    : new ApiError(res.status, res.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED', `请求失败（HTTP ${res.status}）`);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** POSTs a form (fields and one file) and returns the JSON answer. */
export async function postForm<T>(url: string, fields: Record<string, string | undefined>, file: File): Promise<T> {
  const fd = new FormData();
  // Fields first: the server reads the parts in order and the file may be large.
  for (const [k, v] of Object.entries(fields)) if (v) fd.append(k, v);
  fd.append('file', file, file.name);
  const res = await send(url, { method: 'POST', body: fd, headers: { accept: 'application/json' } });
  return (await res.json()) as T;
}

/** Downloads a file from the API and hands it to the browser under the server's file name. */
export async function downloadFile(url: string, fallbackName: string): Promise<string> {
  const res = await send(url, { method: 'GET' });
  const blob = await res.blob();
  const name = fileNameFromDisposition(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
