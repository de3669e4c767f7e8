import { LIMITS, type Preferences } from '../../shared/view-model.js';
import { apiJson, type ApiOptions } from './api-client.js';

/**
 * The user's choices ("Not interested", the prompt's snooze) kept by the proxy
 * when the host enabled it, so they follow the user to other devices: they
 * arrive with the list and are saved with `PUT {base}/preferences`. Where the
 * proxy keeps none (or a save fails), the callers' own localStorage keeps
 * working as before.
 */
export class ServerPreferences {
  private queue: Promise<unknown> = Promise.resolve();
  private saving = 0;
  /** The last state the server confirmed or was sent; null where the proxy keeps none. */
  current: Preferences | null = null;

  constructor(
    private readonly url: () => string,
    private readonly options: () => ApiOptions,
  ) {}

  /** Resolves once every save sent so far has been answered (a list read before then could bring back older choices). */
  settled(): Promise<unknown> {
    return this.queue;
  }

  /**
   * Takes the preferences the list brought (absent: the proxy keeps none). A save
   * still on its way is newer than what the list read, so it wins.
   */
  adopt(p: Preferences | undefined): void {
    if (!p || !Array.isArray(p.dismissed)) this.current = null;
    else if (this.saving === 0) {
      this.current = {
        dismissed: p.dismissed.filter((x): x is string => typeof x === 'string'),
        snoozedUntil: typeof p.snoozedUntil === 'string' ? p.snoozedUntil : null,
      };
    }
  }

  /** Saves a change on top of the last known state; false when the server keeps nothing. */
  async save(change: Partial<Preferences>): Promise<boolean> {
    if (!this.current) return false;
    const next = { ...this.current, ...change };
    // Newest last: the proxy keeps at most this many, so the oldest go first.
    next.dismissed = [...new Set(next.dismissed)].slice(-LIMITS.maxDismissed);
    this.current = next;
    // One PUT at a time, in order: each replaces the whole document, so a slower earlier one must not land last.
    this.saving++;
    const put = this.queue
      .then(() => apiJson(this.url(), { ...this.options(), method: 'PUT' }, next))
      .then(
        () => true,
        () => false,
      )
      .finally(() => this.saving--);
    this.queue = put;
    return put;
  }
}
