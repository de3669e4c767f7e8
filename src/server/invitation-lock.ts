/**
 * Serialises state-changing operations on one invitation per user (two tabs
 * accepting and declining the same invitation at once): a short lock in the
 * proxy's store, so exactly one runs and the other answers `409 conflict` —
 * across instances when the store is shared.
 */
import { ProxyError } from './errors.js';
import type { ProxyStore } from './store/types.js';

/** Outlives any one request's deadline, and frees an invitation whose instance died mid-change. */
const LOCK_TTL_MS = 30_000;

export interface HeldLocks {
  /** IDs this request now holds. */
  readonly held: string[];
  /** IDs another request is changing right now. */
  readonly busy: string[];
  /** Frees what is held; never throws. */
  release(): Promise<void>;
}

export interface InvitationLocks {
  acquire(userKey: string, ids: readonly string[]): Promise<HeldLocks>;
}

export const busyError = (): ProxyError =>
  new ProxyError(409, 'conflict', 'This invitation is being changed by another request; reload to see where it stands.');

export function createInvitationLocks(store: ProxyStore, report: (err: unknown) => void, ttlMs = LOCK_TTL_MS): InvitationLocks {
  return {
    async acquire(userKey, ids) {
      const token = crypto.randomUUID();
      const keyOf = (id: string): string => `lock:${userKey}:${id}`;
      const unique = [...new Set(ids)];
      const taken = await Promise.all(unique.map((id) => store.setIfAbsent(keyOf(id), token, ttlMs)));
      const held = unique.filter((_, i) => taken[i]);
      const busy = unique.filter((_, i) => !taken[i]);
      return {
        held,
        busy,
        async release() {
          await Promise.all(held.map((id) => store.delete(keyOf(id), token).catch(report)));
        },
      };
    },
  };
}
