/**
 * The default store: this instance's memory. Right for one process; with many
 * instances each keeps its own limits and locks (see the Redis store).
 */
import { retryAfterMs } from './limiter-result.js';
import type { Limiter, ProxyStore, RateLimit } from './types.js';

// Loaded on the first request, not at import: a cold start (serverless, Workers) pays nothing for it.
type LimiterClass = typeof import('rate-limiter-flexible/lib/RateLimiterMemory.js').default;
let limiterClass: Promise<LimiterClass> | undefined;
const loadLimiter = (): Promise<LimiterClass> =>
  (limiterClass ??= import('rate-limiter-flexible/lib/RateLimiterMemory.js').then((m) => m.default));

interface Entry {
  value: string;
  expiresAt: number;
}

export function memoryStore(): ProxyStore {
  const entries = new Map<string, Entry>();
  let lastSweep = Date.now();

  const live = (key: string, now: number): Entry | undefined => {
    const e = entries.get(key);
    if (e && e.expiresAt <= now) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };

  // Sweep now and then so memory tracks active users only; no timers, so a
  // Worker isolate is never kept busy by the store.
  const sweep = (now: number): void => {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [k, e] of entries) if (e.expiresAt <= now) entries.delete(k);
  };

  const put = (key: string, value: string, ttlMs: number | undefined, now: number): void => {
    sweep(now);
    entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : now + Math.max(1, ttlMs) });
  };

  return {
    limiter(name: string, { points, durationSec }: RateLimit): Limiter {
      let rl: Promise<InstanceType<LimiterClass>> | undefined;
      const limiter = () => (rl ??= loadLimiter().then((RateLimiterMemory) => new RateLimiterMemory({ keyPrefix: name, points, duration: durationSec })));
      return { hit: (key) => limiter().then((r) => r.consume(key)).then(() => 0, retryAfterMs) };
    },
    async get(key) {
      return live(key, Date.now())?.value ?? null;
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs, Date.now());
    },
    async setIfAbsent(key, value, ttlMs) {
      const now = Date.now();
      if (live(key, now)) return false;
      put(key, value, ttlMs, now);
      return true;
    },
    async delete(key, ifValue) {
      if (ifValue === undefined || live(key, Date.now())?.value === ifValue) entries.delete(key);
    },
  };
}
