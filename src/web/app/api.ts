// The one HTTP client of the web app: JSON in and out, the CSRF token on state-changing
// requests, and problem+json errors turned into ApiError with the server's field list.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
    /** The problem type's last segment, e.g. "locked" from https://radvis.no/problems/locked. */
    readonly type: string = '',
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

// Called when a request made with a session gets 401: the session expired or was ended (an
// administrator changed this user's roles, for instance). The app then shows the login page.
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

/**
 * One request to the app's API. `extra.headers` adds request headers (e.g. an Idempotency-Key from
 * idempotency.ts). Resolves with the parsed JSON (undefined for 204); rejects with ApiError.
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  extra?: { headers?: Record<string, string> },
): Promise<T> {
  const headers: Record<string, string> = { ...extra?.headers, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, for instance: keep the status, drop the body.
    if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
    throw new ApiError(res.status, 'Invalid JSON in response');
  }
  if (res.status === 401 && csrfToken && !url.startsWith('/api/auth/')) onUnauthorized?.();
  if (!res.ok) {
    const p = (data ?? {}) as { type?: string; detail?: string; title?: string; errors?: FieldError[] };
    throw new ApiError(res.status, p.detail ?? p.title ?? `HTTP ${res.status}`, p.errors ?? [], (p.type ?? '').split('/').pop() ?? '');
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>('GET', url);
