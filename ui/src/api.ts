// The UI's only data source: the Steward HTTP API (docs/api.md). Every call goes through `request`,
// which adds the CSRF token to changes, gives every call a deadline, and turns error bodies into
// `ApiError`s carrying the API's code, message and per-field details.

/** One field the API found at fault (400 `invalid_params`: `details`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An API refusal or a network failure, with what the API said. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }
}

const DEADLINE_MS = 30_000;
let csrfToken = '';
let unauthenticated: (() => void) | null = null;

/** The session's CSRF token, sent as `X-CSRF-Token` on every change (docs/security.md). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the API answers 401 to a call made in a session (it expired or was ended). */
export function onUnauthenticated(handler: () => void): void {
  unauthenticated = handler;
}

/** Query parameters; undefined, null and '' values are left out. */
export type Query = Record<string, string | number | boolean | undefined | null>;

/** `path` with `query` appended. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Sends one API request and returns its JSON body; throws `ApiError` on any failure. */
export async function request<T>(method: string, path: string, body?: unknown, quiet401 = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), DEADLINE_MS);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: abort.signal,
    });
  } catch (e) {
    const timedOut = abort.signal.aborted;
    throw new ApiError(
      0,
      timedOut ? 'timeout' : 'network',
      timedOut
        ? `The server did not answer within ${DEADLINE_MS / 1000} s.`
        : 'The server cannot be reached. Check your connection; the page retries when you act again.',
    );
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: FieldProblem[] } } | null)?.error;
    if (response.status === 401 && !quiet401 && unauthenticated) unauthenticated();
    throw new ApiError(
      response.status,
      error?.code ?? 'http_' + response.status,
      error?.message || `The server answered ${response.status} ${response.statusText}.`,
      error?.details ?? [],
    );
  }
  return parsed as T;
}

/** GET `path` with `query`. */
export const get = <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query));
/** POST `body` (default `{}`) to `path`. */
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
/** PUT `body` to `path`. */
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);

/** A path segment, percent-encoded (model names hold ':'; workflow names may hold anything). */
export const seg = (value: string | number) => encodeURIComponent(String(value));
