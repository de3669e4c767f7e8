/** What one tab tells the others of the same user: IDs it accepted, declined or hid. */
export interface SyncMessage {
  action: 'accepted' | 'declined' | 'dismissed';
  ids: string[];
}

/**
 * Keeps the tabs of one user in step and the list fresh over time:
 * a BroadcastChannel per user (the list's opaque `viewerKey`) and endpoint carries each
 * tab's answers to the others, which apply them without asking the proxy again; and
 * a tab that comes back after being hidden for longer than `refreshAfter` seconds
 * reloads once. Nothing runs while the tab is hidden.
 */
export class LiveSync {
  private channel?: BroadcastChannel;
  private name = '';
  private hiddenAt = 0;

  constructor(
    private readonly onMessage: (m: SyncMessage) => void,
    private readonly onStale: () => void,
    /** Seconds hidden before coming back reloads the list; 0 turns it off. */
    private readonly refreshAfter: () => number,
  ) {}

  /** Listens on the channel of this user and endpoint (again only when either changed). */
  join(viewerKey: string | undefined, endpoint: string): void {
    const name = viewerKey ? `invite-inbox:${viewerKey}:${endpoint}` : '';
    if (name === this.name) return;
    this.leave();
    this.name = name;
    if (!name || typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(name);
    this.channel.onmessage = (e: MessageEvent<SyncMessage>) => {
      const m = e.data;
      if (m && typeof m.action === 'string' && Array.isArray(m.ids)) this.onMessage(m);
    };
  }

  /** Tells every other tab of this user (the sender does not hear itself). */
  post(action: SyncMessage['action'], ids: string[]): void {
    if (ids.length) this.channel?.postMessage({ action, ids } satisfies SyncMessage);
  }

  /** Starts watching the page's visibility. */
  start(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Stops listening to everything (element disconnected). */
  stop(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.leave();
    this.name = '';
  }

  private leave(): void {
    this.channel?.close();
    this.channel = undefined;
  }

  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') return void (this.hiddenAt = Date.now());
    const away = this.hiddenAt ? Date.now() - this.hiddenAt : 0;
    this.hiddenAt = 0;
    const after = this.refreshAfter();
    if (after > 0 && away > after * 1000) this.onStale();
  };
}
