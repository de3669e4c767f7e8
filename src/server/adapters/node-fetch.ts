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
import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';

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

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

async function send(url: URL, init: RequestInit, body: string | Uint8Array | undefined, retry: boolean): Promise<Response> {
  const signal = init.signal ?? undefined;
  const method = (init.method ?? 'GET').toUpperCase();
  const { request, agent } = await transport(url.protocol as 'http:' | 'https:');
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const req = request(url, { method, headers: plainHeaders(init.headers), agent });
    const onAbort = (): void => {
      req.destroy();
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal?.removeEventListener('abort', onAbort);

    req.once('error', (err: NodeJS.ErrnoException) => {
      done();
      // The server may close an idle kept-alive socket just as it is reused;
      // an idempotent request is then safe to send once more on a fresh one.
      if (retry && req.reusedSocket && err.code === 'ECONNRESET' && IDEMPOTENT.has(method) && !signal?.aborted) {
        send(url, init, body, false).then(resolve, reject);
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
        resolve(
          new Response(empty ? null : Buffer.concat(chunks), {
            status,
            statusText: res.statusMessage,
            headers: responseHeaders(res),
          }),
        );
      });
    });
    req.end(body);
  });
}

export const nodeFetch: typeof fetch = (input, init = {}) => {
  const url = typeof input === 'string' ? new URL(input) : input instanceof URL ? input : undefined;
  const body = init.body ?? undefined;
  const simpleBody = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
  // Following redirects is the global fetch's job; the providers refuse them.
  const follows = init.redirect === undefined || init.redirect === 'follow';
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !simpleBody || follows) {
    return fetch(input, init);
  }
  return send(url, init, body, true);
};
