/**
 * `invite-inbox/server/node`: a node:http server with limits fit for the open internet. Node's own
 * defaults let a client hold a connection for 5 minutes by trickling a body
 * one byte at a time (`requestTimeout` 300 s), checked only every 30 s, with
 * no cap on open connections.
 *
 *   createNodeServer(handler).listen(3000)
 *   applyServerLimits(existingServer)   // for a server you create yourself
 *
 * Its own entry, not part of `invite-inbox/server`: its types are node:http's,
 * which a Hono, Deno or Workers host has no reason to install.
 */
import { createServer, type RequestListener, type Server, type ServerOptions } from 'node:http';
import { toNodeListener, type FetchHandler } from './node.js';

export interface NodeServerLimits {
  /** Milliseconds to receive a request's headers; then 408 and the connection closes. Default 10 000 (Node: 60 000). */
  headersTimeout?: number;
  /** Milliseconds to receive a whole request, body included; then 408 and the connection closes. Default 30 000 (Node: 300 000). */
  requestTimeout?: number;
  /** Milliseconds an idle keep-alive connection stays open between requests. Default 5 000 (Node's). */
  keepAliveTimeout?: number;
  /** Most connections open at once; the server refuses more. Default 1 024 (Node: no limit). */
  maxConnections?: number;
  /**
   * How often, in milliseconds, the two request timeouts are checked. Default 1 000 (Node: 30 000).
   * Only takes effect when the server is created, so `applyServerLimits` cannot change it.
   */
  connectionsCheckingInterval?: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<Required<NodeServerLimits>> = Object.freeze({
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxConnections: 1_024,
  connectionsCheckingInterval: 1_000,
});

const withDefaults = (limits: NodeServerLimits): Required<NodeServerLimits> => {
  const all = { ...DEFAULT_SERVER_LIMITS, ...limits };
  // Node refuses a headers timeout longer than the request timeout.
  if (all.requestTimeout > 0 && all.headersTimeout > all.requestTimeout) all.headersTimeout = all.requestTimeout;
  return all;
};

/** Options for `http.createServer` (or `serve({ serverOptions })` of @hono/node-server) carrying the limits. */
export function serverOptions(limits: NodeServerLimits = {}): ServerOptions {
  const all = withDefaults(limits);
  return {
    headersTimeout: all.headersTimeout,
    requestTimeout: all.requestTimeout,
    keepAliveTimeout: all.keepAliveTimeout,
    connectionsCheckingInterval: all.connectionsCheckingInterval,
  };
}

/** Sets the limits on a server created elsewhere (all but `connectionsCheckingInterval`). */
export function applyServerLimits<S extends Server>(server: S, limits: NodeServerLimits = {}): S {
  const all = withDefaults(limits);
  server.headersTimeout = all.headersTimeout;
  server.requestTimeout = all.requestTimeout;
  server.keepAliveTimeout = all.keepAliveTimeout;
  server.maxConnections = all.maxConnections;
  return server;
}

/** An http.Server for a proxy handler, with the limits applied. Not listening yet: call `.listen()`. */
export function createNodeServer(handler: FetchHandler, limits: NodeServerLimits = {}): Server {
  return createLimitedServer(toNodeListener(handler), limits);
}

/** The same for any node:http listener (an Express app, a router of your own). */
export function createLimitedServer(listener: RequestListener, limits: NodeServerLimits = {}): Server {
  const server = createServer(serverOptions(limits), listener);
  server.maxConnections = withDefaults(limits).maxConnections;
  return server;
}
