/** The store behind everything a proxy keeps between requests; the Redis one is a separate entry. */
export type { Limiter, ProxyStore, RateLimit } from './types.js';
export { memoryStore } from './memory.js';
export { StoreUnavailableError } from './fallback.js';
