// The package's root entry pulls in every backend (and Node's `cluster`);
// the proxy imports the one class it needs by path, typed from the root.
declare module 'rate-limiter-flexible/lib/RateLimiterMemory.js' {
  import type { RateLimiterMemory } from 'rate-limiter-flexible';
  const Limiter: typeof RateLimiterMemory;
  export default Limiter;
}
declare module 'rate-limiter-flexible/lib/RateLimiterRedis.js' {
  import type { RateLimiterRedis } from 'rate-limiter-flexible';
  const Limiter: typeof RateLimiterRedis;
  export default Limiter;
}
