/**
 * Fixed-window counter per key, in memory. Enough to stop a runaway script
 * from hammering the upstream through one session; a multi-instance host that
 * needs a shared limit plugs in its own in front of the proxy.
 */
export interface RateLimitOptions {
  /** Requests allowed per window; default 30. */
  max: number;
  /** Window length in ms; default 60 000. */
  windowMs: number;
}

export interface RateLimiter {
  /** Seconds to wait when over the limit, else 0 (and the hit is counted). */
  hit(key: string, now?: number): number;
}

export function createRateLimiter({ max, windowMs }: RateLimitOptions): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    hit(key, now = Date.now()) {
      // Sweep stale entries now and then so memory tracks active users only.
      if (now - lastSweep > windowMs) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
        lastSweep = now;
      }
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= max) return Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
      w.count++;
      return 0;
    },
  };
}
