/**
 * The runtime-neutral server API: the proxy and its providers, importing no
 * `node:` module, so it runs as is in workerd, Deno, Bun and edge runtimes.
 * Workers bundlers get this file for `invite-inbox/server` (export conditions
 * `workerd`, `worker`, `edge-light`); everywhere else `index.ts` adds the
 * Node and Express adapters. Autojoin needs the rules of
 * `invite-inbox/server/domain-rules` passed as `domainRules` here: without them
 * it is off (see `InviteProxyOptions.domainRules`).
 */
export { createInviteProxy, type InviteProxyHandler, type InviteProxyOptions } from './proxy.js';
export type { Address, Identity, InvitationProvider, ProviderContext } from './provider.js';
export { ProxyError, UpstreamError } from './errors.js';
export { seedApiProvider, type SeedApiProviderOptions } from './providers/seed-api.js';
export { censusProvider, type CensusProviderOptions, type CensusRecord } from './providers/census.js';
export { inProcessProvider, type InProcessProviderOptions } from './providers/in-process.js';
export { memoryStore, StoreUnavailableError, type Limiter, type ProxyStore, type RateLimit } from './store/index.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { DomainRules, DomainRulesOption } from './policy.js';
