/** Public server API: the runtime-neutral core (`core.ts`) plus its Node/Express adapters. */
export * from './core.js';
export { toNodeListener, type FetchHandler, type NodeContext, type NodeRequestLike, type NodeResponseLike } from './adapters/node.js';
export {
  inviteProxyMiddleware,
  type ExpressContext,
  type ExpressRequestLike,
  type ExpressResponseLike,
  type NextLike,
} from './adapters/express.js';
export { nodeFetch } from './adapters/node-fetch.js';
