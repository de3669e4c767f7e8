/**
 * Mounts a proxy handler on node:http: `http.createServer(toNodeListener(handler))`.
 *
 * Deliberately small: the request body is handed over as a stream (never
 * buffered here, so the handler's own size limit applies as bytes arrive), the
 * handler's signal aborts when the client goes away, and a response body is
 * streamed back, except one that is complete at once (the proxy's JSON), which
 * leaves with its headers in a single write. It imports no HTTP library at run time, so loading the
 * server entry costs no HTTP library.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { knownBody, knownInit, WRITES_KNOWN_BODIES } from '../known-body.js';
import { forwardingPrototype } from '../lazy-web-object.js';
import type { NodeContext, NodeRequestLike, NodeResponseLike } from './types.js';

export type { NodeContext, NodeRequestLike, NodeResponseLike } from './types.js';

/** A Web-standard handler; mounts pass their native objects as `context`. */
export type FetchHandler<C = unknown> = (request: Request, context?: C) => Response | Promise<Response>;

const NO_BODY = new Set(['GET', 'HEAD']);
/** Methods `new Request` refuses: the lazy request refuses them too. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function requestUrl(req: IncomingMessage): string {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? 'localhost';
  return `${encrypted ? 'https' : 'http'}://${host}${req.url ?? '/'}`;
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers are not headers to a fetch handler.
    if (name.charCodeAt(0) !== 58 /* ':' */) headers.append(name, raw[i + 1]!);
  }
  return headers;
}

/** The body as a byte stream with backpressure: Node pauses while the reader is behind. */
function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let canceled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Buffer) => {
        if (canceled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once('end', () => {
        if (!canceled) controller.close();
      });
      req.once('error', (err) => {
        if (!canceled) controller.error(err);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      // The handler has what it needs (or refused it): let the rest drain
      // unread, so the response still reaches the client.
      canceled = true;
      req.resume();
    },
  });
}

function fullRequest(req: IncomingMessage, url: string, method: string, headers: Headers, signal: AbortSignal): Request {
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (!NO_BODY.has(method)) {
    init.body = requestBody(req);
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/*
 * A `Request` of fetch's own costs more CPU than the proxy's whole GET route
 * (its own abort controller linked to ours through a weak ref and a
 * finalization registry, its headers copied twice). So, like
 * @hono/node-server, the adapter hands over a lazy request: an object whose
 * prototype chain holds `Request.prototype`, that answers `method`, `url`,
 * `headers` and `signal` at once and makes the real `Request` (the same one
 * the adapter used to make) only when something else is asked: the body,
 * `clone()`, `new Request(request)`, `fetch(request)`. Those see the real
 * one's state, so they behave as before, its signal included.
 */
const INCOMING = Symbol('incoming');
const URL_OF = Symbol('url');
const METHOD = Symbol('method');
const HEADERS = Symbol('headers');
const ABORT = Symbol('abort');
const FULL = Symbol('full');

interface LazyRequest {
  [INCOMING]: IncomingMessage;
  [URL_OF]: string;
  [METHOD]: string;
  [ABORT]: AbortController;
  [HEADERS]?: Headers;
  [FULL]?: Request;
}

const headersOf = (lazy: LazyRequest): Headers => lazy[FULL]?.headers ?? (lazy[HEADERS] ??= requestHeaders(lazy[INCOMING]));

const fullOf = (lazy: LazyRequest): Request =>
  (lazy[FULL] ??= fullRequest(lazy[INCOMING], lazy[URL_OF], lazy[METHOD], headersOf(lazy), lazy[ABORT].signal));

function makeLazyPrototype(): object {
  const proto = forwardingPrototype<LazyRequest>(Request.prototype, new Request('http://localhost/'), fullOf);
  Object.defineProperties(proto, {
    method: { configurable: true, get(this: LazyRequest) { return this[METHOD]; } },
    url: { configurable: true, get(this: LazyRequest) { return this[URL_OF]; } },
    headers: { configurable: true, get(this: LazyRequest) { return headersOf(this); } },
    signal: { configurable: true, get(this: LazyRequest) { return this[ABORT].signal; } },
    body: { configurable: true, get(this: LazyRequest) { return NO_BODY.has(this[METHOD]) && !this[FULL] ? null : fullOf(this).body; } },
    // This mount writes a response's known text itself: the proxy may answer with a lazy response.
    [WRITES_KNOWN_BODIES]: { value: true },
    bodyUsed: { configurable: true, get(this: LazyRequest) { return this[FULL]?.bodyUsed ?? false; } },
  });
  return proto;
}

/**
 * The lazy request's prototype, made at the first request (reading `Request`
 * loads fetch, which an import of the server entry should not pay), or null
 * where a lazy request cannot pass for a real one: undici 7 (Node 24) keeps a
 * request's state in private fields, which `new Request(lazy)` cannot reach.
 * There every request is a real `Request` from the start, as before.
 */
let lazyPrototype: object | null | undefined;

function lazyRequestPrototype(): object | null {
  if (lazyPrototype !== undefined) return lazyPrototype;
  try {
    const proto = makeLazyPrototype();
    const aborter = new AbortController();
    const probe = Object.assign(Object.create(proto) as LazyRequest, {
      [URL_OF]: 'http://localhost/probe',
      [METHOD]: 'PUT',
      [ABORT]: aborter,
      [HEADERS]: new Headers({ 'x-probe': 'yes' }),
    });
    probe[FULL] = new Request(probe[URL_OF], { method: 'PUT', headers: probe[HEADERS], signal: aborter.signal });
    const copy = new Request(probe as unknown as Request);
    aborter.abort();
    const faithful = copy.method === 'PUT' && copy.url === probe[URL_OF] && copy.headers.get('x-probe') === 'yes' && copy.signal.aborted;
    lazyPrototype = faithful ? proto : null;
  } catch {
    lazyPrototype = null;
  }
  return lazyPrototype;
}

function toRequest(req: IncomingMessage, aborter: AbortController): Request {
  const method = req.method ?? 'GET';
  // Parsed here as `new Request` would: a Host no URL can be made of fails now, not later.
  const url = new URL(requestUrl(req)).href;
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) throw new TypeError(`${method} is not a method a Request can have.`);
  const proto = lazyRequestPrototype();
  if (!proto) return fullRequest(req, url, method, requestHeaders(req), aborter.signal);
  const lazy = Object.create(proto) as LazyRequest;
  lazy[INCOMING] = req;
  lazy[URL_OF] = url;
  lazy[METHOD] = method;
  lazy[ABORT] = aborter;
  return lazy as unknown as Request;
}

function writeHead(response: Response, res: ServerResponse, length?: number): void {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (length !== undefined) headers['content-length'] = String(length);
  res.writeHead(response.status, response.statusText || undefined, headers);
}

async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = req.method === 'HEAD' ? undefined : knownBody(response);
  const init = text === undefined ? undefined : knownInit(response);
  if (text !== undefined && init) {
    // A lazy response nobody touched: its headers as given, no Headers made.
    const headers: Record<string, string> = { ...init.headers };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(init.status, headers);
    res.end(text);
    return;
  }
  if (text !== undefined) {
    writeHead(response, res, response.headers.has('content-length') ? undefined : Buffer.byteLength(text));
    res.end(text);
    return;
  }
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel();
    writeHead(response, res);
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const closed = (): void => void reader.cancel().catch(() => undefined);
  res.once('close', closed);
  try {
    const first = await reader.read();
    if (first.done) {
      writeHead(response, res, 0);
      res.end();
      return;
    }
    // A body made from a string or buffer is complete within this tick; a
    // real stream is not, and its first chunk must not wait for its second.
    const pending = reader.read();
    const soon = await Promise.race([pending, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
    if (soon?.done) {
      // The whole body in hand: headers and body leave in one write.
      writeHead(response, res, response.headers.has('content-length') ? undefined : first.value.byteLength);
      res.end(first.value);
      return;
    }
    writeHead(response, res);
    const send = async (chunk: Uint8Array): Promise<void> => {
      if (res.write(chunk)) return;
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    };
    await send(first.value);
    for (let next = await pending; !next.done && !res.destroyed; next = await reader.read()) {
      await send(next.value);
    }
    res.end();
  } finally {
    res.off('close', closed);
  }
}

async function serve(handler: FetchHandler<NodeContext<never, never>>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const aborter = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  let request: Request;
  try {
    request = toRequest(req, aborter);
  } catch {
    // A Host header no URL can be made of, or a method fetch refuses.
    await writeResponse(Response.json({ error: { code: 'bad_request', message: 'Malformed request.' } }, { status: 400 }), req, res);
    return;
  }
  let response: Response;
  try {
    response = await handler(request, { req, res } as unknown as NodeContext<never, never>);
  } catch {
    // The proxy answers its own errors; this is a host handler that threw.
    response = Response.json({ error: { code: 'internal', message: 'The server failed.' } }, { status: 500 });
  }
  try {
    await writeResponse(response, req, res);
  } catch {
    // A body stream that failed half-way cannot be answered any more.
    res.destroy();
  }
  // A body the handler never read would hold the kept-alive connection: drain
  // it, no longer into the request's stream.
  if (!req.readableEnded) {
    req.removeAllListeners('data');
    req.resume();
  }
}

/**
 * `getIdentity(request, { req, res })` sees node:http's own objects (a session
 * middleware's `req.session`). Typed structurally, so the published types need
 * no `@types/node`.
 */
export function toNodeListener<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseLike = NodeResponseLike>(
  handler: (request: Request, context: NodeContext<Req, Res>) => Response | Promise<Response>,
): (req: Req, res: Res) => void {
  return (req, res) => {
    void serve(handler as FetchHandler<NodeContext<never, never>>, req as unknown as IncomingMessage, res as unknown as ServerResponse);
  };
}
