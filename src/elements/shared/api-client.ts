import type { ApiErrorBody } from '../../shared/view-model.js';

/** A failed call, in one shape whatever went wrong. `status` is absent when no response arrived. */
export interface ApiFailure {
  status?: number;
  code: string;
  message: string;
  /** On 429: seconds the server asked us to wait (its `Retry-After`). */
  retryAfter?: number;
  /** The response's `error` object as sent, for routes that add fields (a foreign invitation's `sentTo`). */
  detail?: Record<string, unknown>;
}

export interface ApiOptions {
  fetcher?: typeof fetch | undefined;
  credentials?: RequestCredentials;
  headers?: HeadersInit | undefined;
  signal?: AbortSignal;
  /** HTTP method; defaults to POST with a body and GET without. */
  method?: string;
  /** JSON body; the third argument of {@link apiJson} wins when both are given. */
  body?: unknown;
}

/** Type guard: was this thrown by {@link apiJson}? */
export const isApiFailure = (e: unknown): e is ApiFailure =>
  typeof e === 'object' && e !== null && 'code' in e && 'message' in e;

/** Anything caught around a request, as an {@link ApiFailure} (a bug in a host hook included). */
export const toFailure = (e: unknown): ApiFailure =>
  isApiFailure(e) ? e : { code: 'client_error', message: String((e as Error)?.message ?? e) };

/**
 * `fetch` + JSON, throwing an {@link ApiFailure} on any failure. Aborts are
 * rethrown untouched so a superseded load is not reported as an error.
 */
export async function apiJson<T>(url: string, opts: ApiOptions, body = opts.body): Promise<T> {
  const headers = new Headers(opts.headers);
  headers.set('accept', 'application/json');
  if (body !== undefined) headers.set('content-type', 'application/json');
  let res: Response;
  try {
    // Unbound `fetch` throws "Illegal invocation" in some browsers.
    res = await (opts.fetcher ?? ((i, r) => fetch(i, r)))(url, {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      credentials: opts.credentials ?? 'same-origin',
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: opts.signal ?? null,
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw { code: 'network', message: String((e as Error)?.message ?? e) } satisfies ApiFailure;
  }
  const data = (await res.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
  if (!res.ok || data === null) {
    const err = data?.error;
    const retryAfter = res.status === 429 ? retryAfterSeconds(res.headers.get('retry-after')) : undefined;
    throw {
      status: res.status,
      code: typeof err?.code === 'string' ? err.code : res.ok ? 'bad_response' : 'http_' + res.status,
      message: typeof err?.message === 'string' ? err.message : res.statusText || 'Request failed',
      ...(retryAfter !== undefined && { retryAfter }),
      ...(err && typeof err === 'object' && { detail: err as unknown as Record<string, unknown> }),
    } satisfies ApiFailure;
  }
  return data;
}

/** `Retry-After` as whole seconds (it may be seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : undefined;
}
