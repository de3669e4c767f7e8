/**
 * Per-user request budgets, counted by rate-limiter-flexible in the proxy's
 * store (memory, or shared across instances). The list and the state-changing
 * routes have separate budgets: the list is a cost too (every call is an
 * upstream lookup on the one API key all users share), but a user who
 * reloads a lot must not lose the ability to accept.
 */
import { ProxyError } from './errors.js';
import type { ProxyStore, RateLimit } from './store/types.js';

export type { RateLimit } from './store/types.js';

export interface RateLimitOptions {
  /** `GET {base}` per user; default 60 per 60 s. `false` turns it off. */
  list?: RateLimit | false;
  /** Accept and decline per user, together; default 30 per 60 s. `false` turns it off. */
  mutate?: RateLimit | false;
}

/** The first release's shape: a limit on accept/decline only. */
export interface LegacyRateLimitOptions {
  max?: number;
  windowMs?: number;
}

const DEFAULT_RATE_LIMITS = {
  list: { points: 60, durationSec: 60 },
  mutate: { points: 30, durationSec: 60 },
} as const satisfies Record<string, RateLimit>;

export interface RateLimits {
  /** Throws 429 (with `Retry-After`) when this user's budget for `kind` is spent. */
  check(kind: keyof RateLimitOptions, userKey: string): Promise<void>;
}

function resolve(option: RateLimitOptions | LegacyRateLimitOptions | false | undefined): Record<keyof RateLimitOptions, RateLimit | false> {
  if (option === false) return { list: false, mutate: false };
  if (option && ('max' in option || 'windowMs' in option)) {
    const legacy = option as LegacyRateLimitOptions;
    return {
      list: DEFAULT_RATE_LIMITS.list,
      mutate: {
        points: legacy.max ?? DEFAULT_RATE_LIMITS.mutate.points,
        durationSec: Math.max(1, Math.ceil((legacy.windowMs ?? 60_000) / 1000)),
      },
    };
  }
  const given = option as RateLimitOptions | undefined;
  return { list: given?.list ?? DEFAULT_RATE_LIMITS.list, mutate: given?.mutate ?? DEFAULT_RATE_LIMITS.mutate };
}

export function createRateLimits(store: ProxyStore, option: RateLimitOptions | LegacyRateLimitOptions | false | undefined): RateLimits {
  const limits = resolve(option);
  const limiters = {
    list: limits.list && store.limiter('list', limits.list),
    mutate: limits.mutate && store.limiter('mutate', limits.mutate),
  };
  return {
    async check(kind, userKey) {
      const limiter = limiters[kind];
      const waitMs = limiter ? await limiter.hit(userKey) : 0;
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new ProxyError(429, 'rate_limited', `Too many requests; try again in ${seconds} s.`, { 'retry-after': String(seconds) });
      }
    },
  };
}
