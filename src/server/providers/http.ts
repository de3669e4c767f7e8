/**
 * The one way HTTP providers talk upstream: a deadline on every call (headers
 * and body alike, because a stalled body is as bad as no answer), JSON parsing,
 * and a mapping of failures to `UpstreamError`s whose messages never contain the
 * URL, its credentials or the key.
 */
import { linkedDeadline } from '../abort.js';
import { UpstreamError, isTimeout } from '../errors.js';

export const DEFAULT_TIMEOUT_MS = 8000;

export interface HttpClientOptions {
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal: AbortSignal;
}

/**
 * A cheaper way to the two things this client reads of an answer, its status
 * and its text, that a `fetch` may carry under this key (`nodeFetch` does):
 * no `Response`, headers, body stream or extra abort controller per upstream
 * call. Same meaning as `fetchText` over that fetch.
 */
export const TEXT_FETCH = Symbol.for('invite-inbox.text-fetch');
/** `fetch` then `res.text()`; `init.signal` aborting or `timeoutMs` passing ends it (a TimeoutError for the latter). */
export type TextFetch = (url: string, init: RequestInit & { signal: AbortSignal }, timeoutMs: number) => Promise<{ status: number; text: string }>;

/** `TextFetch` over any fetch: one controller for the caller's signal and the timeout. */
export async function fetchText(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit & { signal: AbortSignal },
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const deadline = linkedDeadline(init.signal, timeoutMs, 'The upstream did not answer in time.');
  try {
    const res = await doFetch(url, { ...init, signal: deadline.signal });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    // A fetch may reject with its own AbortError rather than the signal's reason: say which deadline it was.
    throw deadline.timedOut() ? deadline.signal.reason : err;
  } finally {
    deadline.stop();
  }
}

export interface HttpClient {
  request(method: string, path: string, opts: RequestOptions): Promise<unknown>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl);
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  // fetch refuses URLs with credentials; move them to a header so they work and
  // can never show up in an error that quotes the URL.
  if (base.username || base.password) {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
      const user = decodeURIComponent(base.username);
      const pass = decodeURIComponent(base.password);
      headers.authorization = `Basic ${btoa(`${user}:${pass}`)}`;
    }
    base.username = '';
    base.password = '';
  }
  const root = base.href.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  const textFetch: TextFetch =
    (doFetch as { [TEXT_FETCH]?: TextFetch })[TEXT_FETCH] ?? ((url, init, ms) => fetchText(doFetch, url, init, ms));
  const jsonHeaders = { ...headers, 'content-type': 'application/json' };

  return {
    async request(method, path, { query, body, signal }) {
      let url = root + path;
      if (query) {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
        const search = params.toString();
        if (search !== '') url += `?${search}`;
      }
      let status: number;
      let text: string;
      try {
        ({ status, text } = await textFetch(
          url,
          {
            method,
            headers: body === undefined ? headers : jsonHeaders,
            body: body === undefined ? undefined : JSON.stringify(body),
            signal,
            // Never follow a redirect with the key; 'manual' because workerd refuses 'error'.
            redirect: 'manual',
          },
          timeoutMs,
        ));
      } catch (err) {
        if (isTimeout(err)) {
          throw new UpstreamError('upstream_timeout', 'The invitations service did not answer in time.');
        }
        throw new UpstreamError('upstream_error', 'The invitations service could not be reached.');
      }
      if (status < 200 || status > 299) throw statusError(status);
      if (text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new UpstreamError('upstream_error', 'The invitations service sent a malformed answer.');
      }
    },
  };
}

function statusError(status: number): UpstreamError {
  if (status === 401 || status === 403) {
    return new UpstreamError('upstream_error', 'The invitations service refused the proxy’s credentials.', status);
  }
  if (status === 408 || status === 504) {
    return new UpstreamError('upstream_timeout', 'The invitations service did not answer in time.', status);
  }
  if (status >= 500) {
    return new UpstreamError('upstream_error', 'The invitations service failed.', status);
  }
  return new UpstreamError('upstream_error', `The invitations service rejected the request (${status}).`, status);
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
