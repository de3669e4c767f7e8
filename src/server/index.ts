/** Public server API: the proxy, its providers and its Node/Express adapters. */
export { createInviteProxy, type InviteProxyOptions } from './proxy.js';
export type { Identity, InvitationProvider, ProviderContext } from './provider.js';
export { ProxyError, UpstreamError } from './errors.js';
export { FREE_MAIL_DOMAINS } from './policy.js';
export { seedApiProvider, type SeedApiProviderOptions } from './providers/seed-api.js';
export { censusProvider, type CensusProviderOptions, type CensusRecord } from './providers/census.js';
export { inProcessProvider, type InProcessProviderOptions } from './providers/in-process.js';
export { toNodeListener, type FetchHandler } from './adapters/node.js';
export {
  applyServerLimits,
  createLimitedServer,
  createNodeServer,
  DEFAULT_SERVER_LIMITS,
  serverOptions,
  type NodeServerLimits,
} from './adapters/node-server.js';
export { inviteProxyMiddleware } from './adapters/express.js';
