/**
 * A `fetch` for providers on Node: `seedApiProvider({ …, fetch: nodeFetch })`.
 *
 * The global fetch pools connections too, but spends several times the CPU of
 * the request itself on spec machinery (a profile of the proxy put it at about
 * half the proxy's time); this one goes straight to node:http/https with a
 * keep-alive agent. It covers what the providers send — a string or byte body,
 * plain headers, an abort signal, `redirect: 'error' | 'manual'` — and hands
 * anything else to the global fetch, so it is safe to pass wherever a fetch is
 * expected.
 */
import type { Agent, ClientRequest, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { fetchText, TEXT_FETCH, type TextFetch } from '../providers/http.js';

interface Transport {
  request(url: URL, options: RequestOptions): ClientRequest;
  agent: Agent;
}

// Loaded on first use, so importing the server entry costs no HTTP client
// (and a host on http only never loads TLS). LIFO hands out the most recently
// used socket, so idle ones time out and the pool shrinks back after a burst.
const transports = new Map<string, Promise<Transport>>();
function transport(protocol: 'http:' | 'https:'): Promise<Transport> {
  let t = transports.get(protocol);
  if (!t) {
    const load = protocol === 'https:' ? import('node:https') : import('node:http');
    t = load.then((m) => ({ request: m.request, agent: new m.Agent({ keepAlive: true, scheduling: 'lifo' }) }));
    transports.set(protocol, t);
  }
  return t;
}
const NULL_BODY = new Set([101, 204, 205, 304]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

function plainHeaders(init: HeadersInit | undefined): OutgoingHttpHeaders {
  if (init === undefined) return {};
  if (init instanceof Headers || Array.isArray(init)) return Object.fromEntries(new Headers(init));
  return { ...init };
}

/** An upstream answer as it came off the wire, before it becomes a `Response` (or only a text). */
interface Answer {
  status: number;
  statusText: string | undefined;
  rawHeaders: string[];
  /** null for a status or method that has no body. */
  body: Buffer<ArrayBuffer> | null;
}

function toResponse({ status, statusText, rawHeaders, body }: Answer): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.append(rawHeaders[i]!, rawHeaders[i + 1]!);
  return new Response(body, { status, statusText, headers });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** With a `deadline` (a `performance.now()` time), the request ends with a TimeoutError when it passes, retry included. */
async function send(url: URL, init: RequestInit, body: string | Uint8Array | undefined, retry: boolean, deadline?: number): Promise<Answer> {
  const signal = init.signal ?? undefined;
  const method = (init.method ?? 'GET').toUpperCase();
  const { request, agent } = await transport(url.protocol as 'http:' | 'https:');
  return new Promise<Answer>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const req = request(url, { method, headers: plainHeaders(init.headers), agent });
    // Ended here (aborted, timed out): the error the destroyed request emits is no reason to retry.
    let ended = false;
    const end = (err: unknown): void => {
      ended = true;
      done();
      req.destroy();
      reject(err);
    };
    const onAbort = (): void => end(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = deadline === undefined
      ? undefined
      : setTimeout(() => end(new DOMException('The upstream did not answer in time.', 'TimeoutError')), Math.max(0, deadline - performance.now()));
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };

    req.once('error', (err: NodeJS.ErrnoException) => {
      if (ended) return;
      done();
      // The server may close an idle kept-alive socket just as it is reused;
      // an idempotent request is then safe to send once more on a fresh one.
      if (retry && req.reusedSocket && err.code === 'ECONNRESET' && IDEMPOTENT.has(method) && !signal?.aborted) {
        send(url, init, body, false, deadline).then(resolve, reject);
      } else {
        reject(new TypeError('fetch failed', { cause: err }));
      }
    });
    req.once('response', (res) => {
      const status = res.statusCode ?? 502;
      if (status >= 300 && status < 400 && res.headers.location !== undefined && init.redirect === 'error') {
        res.resume();
        done();
        reject(new TypeError('fetch failed', { cause: new Error('unexpected redirect') }));
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', (err) => {
        done();
        reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: err }));
      });
      res.once('end', () => {
        done();
        const empty = NULL_BODY.has(status) || method === 'HEAD';
        resolve({ status, statusText: res.statusMessage, rawHeaders: res.rawHeaders, body: empty ? null : Buffer.concat(chunks) });
      });
    });
    req.end(body);
  });
}

/** The URL and body when this module can send the request itself; undefined when the global fetch must. */
function own(input: RequestInfo | URL, init: RequestInit): { url: URL; body: string | Uint8Array | undefined } | undefined {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
  const body = init.body ?? undefined;
  const simpleBody = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
  // Following redirects is the global fetch's job; the providers refuse them.
  const follows = init.redirect === undefined || init.redirect === 'follow';
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !simpleBody || follows) return undefined;
  return { url, body };
}

export const nodeFetch: typeof fetch = (input, init = {}) => {
  const mine = own(input, init);
  return mine ? send(mine.url, init, mine.body, true).then(toResponse) : fetch(input, init);
};

const utf8 = new TextDecoder();

// The providers' HTTP client reads only the status and the text: it skips
// building a Response (its headers and body stream) and a second abort
// controller for the timeout on every upstream call.
const textFetch: TextFetch = async (url, init, timeoutMs) => {
  const mine = own(url, init);
  if (!mine) return fetchText(fetch, url, init, timeoutMs);
  const answer = await send(mine.url, init, mine.body, true, performance.now() + timeoutMs);
  // As Response.text() decodes: UTF-8, a byte-order mark dropped, bad bytes replaced.
  return { status: answer.status, text: answer.body ? utf8.decode(answer.body) : '' };
};
Object.defineProperty(nodeFetch, TEXT_FETCH, { value: textFetch });
