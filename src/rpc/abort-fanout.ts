/**
 * One 'abort' listener per AbortSignal, however many calls wait on it: many calls (or dials)
 * sharing one signal would otherwise each add a listener, and Node warns
 * (`MaxListenersExceededWarning`) beyond 10. No Go counterpart (Go passes a context).
 * Signals are held weakly; a signal's listener is removed once nothing waits on it.
 */

interface Fanout {
  readonly listeners: Set<() => void>;
  readonly dispatch: () => void;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();

/**
 * Runs `listener` once when `signal` aborts; returns the function that stops waiting (call it
 * when the operation ends first). `signal` must not be aborted yet.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let f = fanouts.get(signal);
  if (f === undefined) {
    const listeners = new Set<() => void>();
    const dispatch = (): void => {
      fanouts.delete(signal);
      const all = [...listeners];
      listeners.clear();
      for (const l of all) l();
    };
    f = { listeners, dispatch };
    fanouts.set(signal, f);
    signal.addEventListener('abort', dispatch, { once: true });
  }
  const fanout = f;
  fanout.listeners.add(listener);
  return () => {
    if (!fanout.listeners.delete(listener) || fanout.listeners.size > 0) return;
    signal.removeEventListener('abort', fanout.dispatch);
    if (fanouts.get(signal) === fanout) fanouts.delete(signal);
  };
}
