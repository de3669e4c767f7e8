/** Mounts a proxy handler on node:http: `http.createServer(toNodeListener(handler))`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { NodeContext, NodeRequestLike, NodeResponseLike } from './types.js';

export type { NodeContext, NodeRequestLike, NodeResponseLike } from './types.js';

/** A Web-standard handler; mounts pass their native objects as `context`. */
export type FetchHandler<C = unknown> = (request: Request, context?: C) => Response | Promise<Response>;

/** `getIdentity(request, { req, res })` sees node:http's own objects (a session middleware's `req.session`). */
export function toNodeListener<Req extends NodeRequestLike = NodeRequestLike, Res extends NodeResponseLike = NodeResponseLike>(
  handler: (request: Request, context: NodeContext<Req, Res>) => Response | Promise<Response>,
): (req: Req, res: Res) => void {
  // Keep the platform's own Request/Response: replacing globals would change
  // them for the whole host process.
  const listener = getRequestListener(
    (request, env) => handler(request, { req: env.incoming as unknown as Req, res: env.outgoing as unknown as Res }),
    { overrideGlobalObjects: false },
  );
  return (req, res) => {
    void listener(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  };
}
