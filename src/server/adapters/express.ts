/**
 * Express middleware around a proxy handler: `app.use('/api/invitations', mw)`.
 * Works before or after `express.json()`: a body some parser already consumed
 * is serialised again, so the proxy's own checks (size, JSON) still apply.
 */
import { Readable } from 'node:stream';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import type { FetchHandler } from './node.js';

const SKIP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'expect']);

function toRequest(req: ExpressRequest, signal: AbortSignal): Request {
  const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || SKIP_HEADERS.has(name)) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const parsed: unknown = req.body;
    if (parsed !== undefined) {
      init.body = Buffer.isBuffer(parsed) ? new Uint8Array(parsed)
        : typeof parsed === 'string' ? parsed
        : JSON.stringify(parsed);
    } else if (!req.readableEnded) {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

export function inviteProxyMiddleware(handler: FetchHandler) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction): Promise<void> => {
    try {
      const aborter = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) aborter.abort();
      });
      const response = await handler(toRequest(req, aborter.signal));
      res.status(response.status);
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
