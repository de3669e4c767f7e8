/**
 * Everything a proxy instance keeps between requests goes through this one
 * small interface, so a host running many instances (or a serverless runtime
 * that keeps none) can put it somewhere shared. Keys are opaque to the store;
 * the proxy never puts an email or a user ID into one in the clear.
 */

/** A budget of `points` hits per `durationSec` seconds, per key. */
export interface RateLimit {
  points: number;
  durationSec: number;
}

export interface Limiter {
  /** Counts one hit for `key`; answers the milliseconds to wait when over the limit, else 0. */
  hit(key: string): Promise<number>;
}

export interface ProxyStore {
  /** A per-key limiter named `name` (counters of different names never mix). */
  limiter(name: string, limit: RateLimit): Limiter;
  /** The value, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /** Sets the value; it expires after `ttlMs`, or never when `ttlMs` is absent (user preferences). */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets the value only when the key is absent: true when it did (a lock taken). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key; with `ifValue`, only while it still holds that value (a lock's owner releasing it). */
  delete(key: string, ifValue?: string): Promise<void>;
}
