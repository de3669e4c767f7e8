/** Public server API: the proxy, its providers and its Node/Express adapters. */
export { createInviteProxy, type InviteProxyHandler, type InviteProxyOptions } from './proxy.js';
export type { Address, Identity, InvitationProvider, ProviderContext } from './provider.js';
export { ProxyError, UpstreamError } from './errors.js';
export { seedApiProvider, type SeedApiProviderOptions } from './providers/seed-api.js';
export { censusProvider, type CensusProviderOptions, type CensusRecord } from './providers/census.js';
export { inProcessProvider, type InProcessProviderOptions } from './providers/in-process.js';
export { toNodeListener, type FetchHandler, type NodeContext, type NodeRequestLike, type NodeResponseLike } from './adapters/node.js';
export {
  inviteProxyMiddleware,
  type ExpressContext,
  type ExpressRequestLike,
  type ExpressResponseLike,
  type NextLike,
} from './adapters/express.js';
export { memoryStore, StoreUnavailableError, type Limiter, type ProxyStore, type RateLimit } from './store/index.js';
export type { RateLimitOptions } from './rate-limit.js';
