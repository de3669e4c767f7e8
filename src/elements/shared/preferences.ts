import { LIMITS, type Preferences } from '../../shared/view-model.js';
import { apiJson, type ApiOptions } from './api-client.js';

const EMPTY: Preferences = { dismissed: [], snoozedUntil: null };

/**
 * The user's choices ("Not interested", the prompt's snooze) kept by the proxy at
 * `{base}/preferences` when the host enabled it, so they follow the user to other
 * devices. Where the proxy answers 501 (or cannot be reached), the callers' own
 * localStorage keeps working as before; a 501 is remembered and never asked again.
 */
export class ServerPreferences {
  private supported?: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  /** The last state the server confirmed; null until one load succeeded. */
  current: Preferences | null = null;

  constructor(
    private readonly url: () => string,
    private readonly options: () => ApiOptions,
  ) {}

  /** The stored preferences, or null where the proxy keeps none (or did not answer). */
  async load(signal?: AbortSignal): Promise<Preferences | null> {
    if (this.supported === false) return null;
    try {
      // After any save still on its way: a read that overtook it would bring back the old state.
      await this.queue;
      const p = await apiJson<Partial<Preferences>>(this.url(), { ...this.options(), ...(signal && { signal }) });
      if (!Array.isArray(p.dismissed)) return null;
      this.supported = true;
      return (this.current = {
        dismissed: p.dismissed.filter((x): x is string => typeof x === 'string'),
        snoozedUntil: typeof p.snoozedUntil === 'string' ? p.snoozedUntil : null,
      });
    } catch (e) {
      if ((e as { status?: number }).status === 501) this.supported = false;
      return null;
    }
  }

  /** Saves a change on top of the last known state; false when the server keeps nothing. */
  async save(change: Partial<Preferences>): Promise<boolean> {
    if (!this.current) return false;
    const next = { ...EMPTY, ...this.current, ...change };
    // Newest last: the proxy keeps at most this many, so the oldest go first.
    next.dismissed = [...new Set(next.dismissed)].slice(-LIMITS.maxDismissed);
    this.current = next;
    // One PUT at a time, in order: each replaces the whole document, so a slower earlier one must not land last.
    const put = this.queue.then(() => apiJson(this.url(), { ...this.options(), method: 'PUT' }, next)).then(
      () => true,
      () => false,
    );
    this.queue = put;
    return put;
  }
}
