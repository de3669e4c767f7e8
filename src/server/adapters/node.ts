/** Mounts a proxy handler on node:http: `http.createServer(toNodeListener(handler))`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

export type FetchHandler = (req: Request) => Response | Promise<Response>;

export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  // Keep the platform's own Request/Response: replacing globals would change
  // them for the whole host process.
  const listener = getRequestListener(handler, { overrideGlobalObjects: false });
  return (req, res) => {
    void listener(req, res);
  };
}
