/**
 * Abort plumbing shared by the proxy's routes, its list cache and the HTTP providers. Built by
 * hand: in Node, `AbortSignal.any` with `AbortSignal.timeout` took a fifth of a listing's own CPU
 * time (a profile at one connection).
 */

/**
 * `work` as one caller waits for it: rejected as soon as `signal` aborts (with `reason()`, by
 * default the signal's own reason), for work that may not heed the signal itself. `onAbort` runs
 * when the signal comes first, `onSettled` when the work does; the listener goes either way.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  hooks: { reason?: () => unknown; onAbort?: () => void; onSettled?: () => void } = {},
): Promise<T> {
  const reason = (): unknown => (hooks.reason ? hooks.reason() : signal.reason);
  if (signal.aborted) {
    // Nobody waits for it now: its failure must not surface as an unhandled rejection.
    work.catch(() => undefined);
    hooks.onAbort?.();
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      hooks.onAbort?.();
      reject(reason());
    };
    signal.addEventListener('abort', abort, { once: true });
    const settle = (): void => {
      signal.removeEventListener('abort', abort);
      hooks.onSettled?.();
    };
    work.then(
      (value) => {
        settle();
        resolve(value);
      },
      (err: unknown) => {
        settle();
        reject(err);
      },
    );
  });
}

/**
 * One signal for a caller's signal and a deadline: it aborts with the caller's reason, or with a
 * `TimeoutError` saying `message` once `ms` have passed. `stop` once the work is done, so no timer
 * or listener outlives it; `timedOut()` tells which of the two ended it.
 */
export function linkedDeadline(
  caller: AbortSignal,
  ms: number,
  message: string,
): { signal: AbortSignal; stop(): void; timedOut(): boolean } {
  const controller = new AbortController();
  let expired = false;
  const forward = (): void => controller.abort(caller.reason);
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(message, 'TimeoutError'));
  }, ms);
  if (caller.aborted) forward();
  else caller.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    stop() {
      clearTimeout(timer);
      caller.removeEventListener('abort', forward);
    },
    timedOut: () => expired,
  };
}
