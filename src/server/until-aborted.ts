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
