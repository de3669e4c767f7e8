/**
 * Structural types for the Node and Express adapters' native objects, so the
 * published `.d.ts` files need neither `@types/node` nor `@types/express`: a
 * Hono, Deno or Workers host type-checks without them, and an Express host's
 * own `express.Request` (with `session`, `user`) flows through to `getIdentity`.
 */

/** What the adapters read of node:http's `IncomingMessage` (and so of Express's `Request`). */
export interface NodeRequestLike {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** What the adapters use of node:http's `ServerResponse`. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string | readonly string[]): unknown;
  end(chunk?: unknown): unknown;
}

/** What `getIdentity` receives as `context` from `toNodeListener` and `inviteProxyMiddleware`. */
export interface NodeContext<Req = NodeRequestLike, Res = NodeResponseLike> {
  readonly req: Req;
  readonly res: Res;
}

/** Express's `Request`, as far as the middleware reads it. */
export interface ExpressRequestLike extends NodeRequestLike {
  readonly protocol: string;
  readonly originalUrl: string;
  readonly body?: unknown;
  readonly readableEnded: boolean;
  get(name: string): string | undefined;
}

/** Express's `Response`, as far as the middleware writes it. */
export interface ExpressResponseLike extends NodeResponseLike {
  readonly writableFinished: boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Express's `next`. */
export type NextLike = (err?: unknown) => void;
