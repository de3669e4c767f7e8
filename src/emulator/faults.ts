/**
 * Test-controlled misbehaviour of the upstream: slow, failing, broken or
 * silent answers, so the proxy's timeouts and error mapping can be exercised
 * against real HTTP. Off until a test switches it on.
 */
import * as v from 'valibot';

export const faultSchema = v.strictObject({
  latencyMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(60_000))),
  status: v.optional(v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(599))),
  malformed: v.optional(v.boolean()),
  hang: v.optional(v.boolean()),
  times: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
  pathPrefix: v.optional(v.pipe(v.string(), v.startsWith('/', 'must start with "/"'))),
});

export type FaultSpec = v.InferOutput<typeof faultSchema>;

export class FaultInjector {
  private active: FaultSpec | null = null;
  private remaining = Infinity;
  private readonly hanging = new Set<() => void>();

  set(spec: FaultSpec): void {
    this.active = spec;
    this.remaining = spec.times ?? Infinity;
  }

  /** What is armed now and for how many more requests (`null` = unlimited). */
  status(): { fault: FaultSpec | null; remaining: number | null } {
    return { fault: this.active, remaining: this.active && Number.isFinite(this.remaining) ? this.remaining : null };
  }

  clear(): void {
    this.active = null;
  }

  /** The fault for this request, if any; counts it against `times`. */
  take(path: string): FaultSpec | null {
    const fault = this.active;
    if (!fault || (fault.pathPrefix && !path.startsWith(fault.pathPrefix))) return null;
    if (--this.remaining <= 0) this.active = null;
    return fault;
  }

  /** Play a fault out. `null` means: carry on and answer normally (after any latency). */
  async apply(fault: FaultSpec, signal: AbortSignal): Promise<Response | null> {
    if (fault.latencyMs) await this.wait(signal, fault.latencyMs);
    if (fault.hang) {
      await this.wait(signal);
      return new Response(null, { status: 503 });
    }
    if (fault.status) {
      return Response.json({ error: `Injected fault: HTTP ${fault.status}`, code: 'injected' }, { status: fault.status });
    }
    if (fault.malformed) {
      return new Response('{"invitations": [{"id": "inv_', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }
    return null;
  }

  /** Let every hanging request go, so a server can close. */
  releaseAll(): void {
    for (const release of this.hanging) release();
    this.hanging.clear();
  }

  /** Resolves after `ms` (forever when absent), or early when the client aborts or `releaseAll` runs. */
  private wait(signal: AbortSignal, ms?: number): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.hanging.delete(done);
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.hanging.add(done);
    });
  }
}
