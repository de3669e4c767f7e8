/**
 * rate-limiter-flexible rejects with a result object when a key is over its
 * limit and with an Error when its backend fails; only the first is a "wait".
 */
export function retryAfterMs(rejection: unknown): number {
  if (rejection instanceof Error || typeof rejection !== 'object' || rejection === null) throw rejection;
  const ms = (rejection as { msBeforeNext?: unknown }).msBeforeNext;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw rejection;
  return Math.max(1, ms);
}
