/**
 * Public server API: the runtime-neutral core (`core.ts`) plus its Node/Express
 * adapters, and autojoin's domain rules by default.
 */
import type { DomainRules } from './policy.js';
import { createInviteProxy as createCoreProxy, type InviteProxyHandler, type InviteProxyOptions } from './proxy.js';

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

/** Imported on first autojoin use: cold starts and hosts without autojoin never read the lists. */
const loadDomainRules = (): Promise<DomainRules> => import('./domain-rules.js').then((m) => m.domainRules);

/**
 * The proxy handler. Unless `domainRules` says otherwise, autojoin uses the
 * full rules of `invite-inbox/server/domain-rules`, loaded on first use.
 */
export function createInviteProxy<C = unknown>(options: InviteProxyOptions<C>): InviteProxyHandler<C> {
  return createCoreProxy({ ...options, domainRules: options.domainRules ?? loadDomainRules });
}
