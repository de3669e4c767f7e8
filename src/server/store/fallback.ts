/**
 * A shared store can fail (Redis restarting, a network split). The proxy then
 * keeps answering from this instance's memory — limits and locks become
 * per-instance for the outage — and tells the host once per outage through
 * `onError`, instead of turning every request into a 5xx.
 */
import { memoryStore } from './memory.js';
import type { Limiter, ProxyStore, RateLimit } from './types.js';

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** How long one store call may take before the proxy stops waiting for it. */
const STORE_TIMEOUT_MS = 1_000;
/** During an outage, how often a request tries the shared store again (the rest go straight to memory). */
const PROBE_EVERY_MS = 5_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function withFallback(
  primary: ProxyStore,
  report: (err: unknown) => void,
  timeoutMs = STORE_TIMEOUT_MS,
  probeEveryMs = PROBE_EVERY_MS,
): ProxyStore {
  const local = memoryStore();
  let failing = false;
  let probeAt = 0;

  async function attempt<T>(what: string, shared: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    // A hanging store would otherwise cost every request the full timeout.
    if (failing && Date.now() < probeAt) return fallback();
    try {
      const value = await withTimeout(shared(), timeoutMs);
      failing = false;
      return value;
    } catch (cause) {
      probeAt = Date.now() + probeEveryMs;
      if (!failing) {
        failing = true;
        report(new StoreUnavailableError(`The shared store failed (${what}); using this instance's memory until it recovers.`, { cause }));
      }
      return fallback();
    }
  }

  return {
    limiter(name: string, limit: RateLimit): Limiter {
      const shared = primary.limiter(name, limit);
      const own = local.limiter(name, limit);
      return { hit: (key) => attempt('limiter', () => shared.hit(key), () => own.hit(key)) };
    },
    get: (key) => attempt('get', () => primary.get(key), () => local.get(key)),
    set: (key, value, ttlMs) => attempt('set', () => primary.set(key, value, ttlMs), () => local.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) =>
      attempt('setIfAbsent', () => primary.setIfAbsent(key, value, ttlMs), () => local.setIfAbsent(key, value, ttlMs)),
    // Both places: a lock taken in memory during an outage is freed even if the store is back by now.
    delete: async (key, ifValue) => {
      await local.delete(key, ifValue);
      await attempt('delete', () => primary.delete(key, ifValue), async () => {});
    },
  };
}
