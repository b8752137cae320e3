/**
 * Promise helpers: a resolvable deferred, abortable waits and unref'd timeouts.
 * Timers created here never keep the process alive.
 */

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** Promise.withResolvers for Node 20. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** setTimeout that does not keep the event loop alive. */
export function unrefTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  const t = setTimeout(fn, ms);
  t.unref();
  return t;
}

/**
 * Races `promise` against an optional AbortSignal and an optional timeout. `onAbort` and
 * `onTimeout` build the rejection reason (so each module throws its own error class).
 * Listeners and timers are always cleaned up.
 */
export function raceAbortTimeout<T>(
  promise: Promise<T>,
  opts: {
    signal?: AbortSignal | undefined;
    timeoutMs?: number | undefined;
    onAbort: (reason: unknown) => unknown;
    onTimeout: () => unknown;
  },
): Promise<T> {
  const { signal, timeoutMs } = opts;
  if (signal === undefined && (timeoutMs === undefined || timeoutMs <= 0 || !Number.isFinite(timeoutMs))) return promise;
  if (signal?.aborted) return Promise.reject(opts.onAbort(signal.reason));
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      cleanup();
      reject(opts.onAbort(signal?.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined && timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      timer = unrefTimeout(() => {
        cleanup();
        reject(opts.onTimeout());
      }, timeoutMs);
    }
    promise.then(
      (v) => {
        cleanup();
        resolve(v);
      },
      (e: unknown) => {
        cleanup();
        reject(e);
      },
    );
  });
}
