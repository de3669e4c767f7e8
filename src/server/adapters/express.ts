/**
 * Express middleware around a proxy handler: `app.use('/api/invitations', mw)`.
 * Works before or after `express.json()`: a body some parser already consumed
 * is serialised again, so the proxy's own checks (size, JSON) still apply.
 * Typed structurally, so these types never make a host install `express`.
 */
import { Readable } from 'node:stream';
import type { ExpressRequestLike, ExpressResponseLike, NextLike, NodeContext } from './types.js';

export type { ExpressRequestLike, ExpressResponseLike, NextLike } from './types.js';

const SKIP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'expect']);

function toRequest(req: ExpressRequestLike, signal: AbortSignal): Request {
  const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || SKIP_HEADERS.has(name)) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed: unknown = req.body;
    if (parsed !== undefined) {
      init.body = Buffer.isBuffer(parsed) ? new Uint8Array(parsed)
        : typeof parsed === 'string' ? parsed
        : JSON.stringify(parsed);
    } else if (!req.readableEnded) {
      init.body = Readable.toWeb(req as unknown as Readable) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

/**
 * `getIdentity(request, { req, res })` sees Express's own objects, so
 * `req.session` (express-session) and `req.user` (Passport) work; type the
 * proxy as `createInviteProxy<ExpressContext<express.Request>>` to have them typed.
 */
export function inviteProxyMiddleware<Req extends ExpressRequestLike = ExpressRequestLike, Res extends ExpressResponseLike = ExpressResponseLike>(
  handler: (request: Request, context: NodeContext<Req, Res>) => Response | Promise<Response>,
): (req: Req, res: Res, next: NextLike) => Promise<void> {
  return async (req, res, next) => {
    try {
      const aborter = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) aborter.abort();
      });
      const response = await handler(toRequest(req, aborter.signal), { req, res });
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        if (name !== 'set-cookie') res.setHeader(name, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader('set-cookie', cookies);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      next(err);
    }
  };
}

/** The `context` an Express mount passes; `ExpressContext<express.Request>` types `req.session`. */
export type ExpressContext<Req = ExpressRequestLike, Res = ExpressResponseLike> = NodeContext<Req, Res>;
