/**
 * The shared store for many proxy instances: Redis through a client the host
 * creates (ioredis). Its own package entry (`invite-inbox/server/redis`), so the
 * core bundle never carries it.
 *
 * Create the client with `enableOfflineQueue: false`: during an outage calls
 * then fail at once and the proxy falls back to per-instance memory, rather
 * than queueing behind a reconnect.
 */
import type { Redis } from 'ioredis';
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import { retryAfterMs } from './limiter-result.js';
import type { Limiter, ProxyStore, RateLimit } from './types.js';

export interface RedisStoreOptions {
  /** An ioredis client (a `Cluster` works too); the host owns it and closes it. */
  client: Redis;
  /** Prefixed to every key, so several apps can share one Redis; default `invite-inbox:`. */
  prefix?: string;
}

// Deletes a lock only while it still holds the releasing owner's token, so a
// lock that expired and was taken by another request is never released by us.
const DELETE_IF_EQUALS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function redisStore({ client, prefix = 'invite-inbox:' }: RedisStoreOptions): ProxyStore {
  const ready = (): void => {
    if (client.status !== 'ready') throw new Error(`Redis is not ready (${client.status}).`);
  };
  const ttl = (ms: number): number => Math.max(1, Math.ceil(ms));

  return {
    limiter(name: string, { points, durationSec }: RateLimit): Limiter {
      const rl = new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${prefix}rl:${name}`,
        points,
        duration: durationSec,
        rejectIfRedisNotReady: true,
      });
      return { hit: (key) => rl.consume(key).then(() => 0, retryAfterMs) };
    },
    async get(key) {
      ready();
      return client.get(prefix + key);
    },
    async set(key, value, ttlMs) {
      ready();
      if (ttlMs === undefined) await client.set(prefix + key, value);
      else await client.set(prefix + key, value, 'PX', ttl(ttlMs));
    },
    async setIfAbsent(key, value, ttlMs) {
      ready();
      return (await client.set(prefix + key, value, 'PX', ttl(ttlMs), 'NX')) === 'OK';
    },
    async delete(key, ifValue) {
      ready();
      if (ifValue === undefined) await client.del(prefix + key);
      else await client.eval(DELETE_IF_EQUALS, 1, prefix + key, ifValue);
    },
  };
}
