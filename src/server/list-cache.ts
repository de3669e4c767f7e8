/**
 * The list route's upstream lookups: concurrent identical lookups of one user
 * share one upstream call (single-flight, per instance), and with
 * `listCacheMs` > 0 the result is kept in the proxy's store for that long.
 * Accept and decline invalidate, so a user's own change is never hidden by
 * the cache; the cache only delays news from elsewhere (a new invitation).
 */
import type { InvitationView } from '../shared/view-model.js';
import type { ProxyStore } from './store/types.js';
import { untilAborted } from './abort.js';

export interface ListCache {
  /**
   * The user's set via `load`, coalesced with any lookup of the same key in
   * flight and cached when enabled. `signal` abandons this caller's wait; the
   * shared lookup is aborted only when every caller has gone.
   */
  get(key: string, signal: AbortSignal, load: (signal: AbortSignal) => Promise<InvitationView[]>): Promise<InvitationView[]>;
  /** Forget what is cached or in flight for `key`: the next list asks upstream. */
  invalidate(key: string): Promise<void>;
}

interface Flight {
  result: Promise<InvitationView[]>;
  controller: AbortController;
  waiters: number;
}

interface Cached {
  /** When the lookup started: an invalidation after that makes it stale. */
  at: number;
  views: unknown[];
}

/** `revive` checks each cached view again as it is read back: a shared store is data from outside this process. */
export function createListCache(
  store: ProxyStore,
  cacheMs: number,
  report: (err: unknown) => void,
  revive: (view: unknown) => InvitationView,
): ListCache {
  const flights = new Map<string, Flight>();
  const entryKey = (key: string): string => `list:${key}`;
  const staleKey = (key: string): string => `list-stale:${key}`;

  async function readCache(key: string): Promise<InvitationView[] | undefined> {
    const [raw, stale] = await Promise.all([store.get(entryKey(key)), store.get(staleKey(key))]);
    if (raw === null) return undefined;
    try {
      const entry = JSON.parse(raw) as Cached;
      if (stale !== null && Number(stale) >= entry.at) return undefined;
      return Array.isArray(entry.views) ? entry.views.map(revive) : undefined;
    } catch (err) {
      report(err);
      return undefined;
    }
  }

  function fly(key: string, load: (signal: AbortSignal) => Promise<InvitationView[]>): Flight {
    const controller = new AbortController();
    const at = Date.now();
    const result = (async () => {
      const cached = cacheMs > 0 ? await readCache(key) : undefined;
      if (cached) return cached;
      const views = await load(controller.signal);
      if (cacheMs > 0) {
        const entry: Cached = { at, views };
        await store.set(entryKey(key), JSON.stringify(entry), cacheMs);
      }
      return views;
    })();
    const flight: Flight = { result, controller, waiters: 0 };
    // Settled flights leave at once: the cache (not the flight) serves later callers.
    const land = (): void => {
      if (flights.get(key) === flight) flights.delete(key);
    };
    result.then(land, land);
    return flight;
  }

  return {
    get(key, signal, load) {
      let flight = flights.get(key);
      if (!flight) {
        flight = fly(key, load);
        flights.set(key, flight);
      }
      const joined = flight;
      joined.waiters++;
      let left = false;
      const leave = (): void => {
        if (left) return;
        left = true;
        if (--joined.waiters > 0) return;
        // Nobody waits any more: stop the lookup, and let the next caller start afresh.
        if (flights.get(key) === joined) flights.delete(key);
        joined.controller.abort(signal.reason);
      };
      const done = (): void => {
        if (left) return;
        left = true;
        joined.waiters--;
      };
      return untilAborted(joined.result, signal, { onAbort: leave, onSettled: done });
    },
    async invalidate(key) {
      flights.delete(key);
      if (cacheMs <= 0) return;
      await store.set(staleKey(key), String(Date.now()), cacheMs);
      await store.delete(entryKey(key));
    },
  };
}
