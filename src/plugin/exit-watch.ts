/**
 * The one record of whether (and how) a plugin process ended: a status set once, a promise that
 * resolves with it, and listeners told once. Used by PluginProcess (our child) and PluginClient
 * (child or reattached pid). Mirrors go-plugin `Client.exited` + `Client.doneCtx` (`client.go`).
 */
import { deferred } from '../internal/deferred.js';

/** How a plugin process ended (`code` for a normal exit, `signal` when killed; both null when unknown). */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** "exit status 3" / "signal: SIGKILL", as Go's `ProcessState.String`. */
export function describeExit(s: ExitStatus): string {
  if (s.signal !== null) return `signal: ${s.signal}`;
  return s.code === null ? 'exit status unknown' : `exit status ${s.code}`;
}

/** A write-once exit status with a promise. */
export class ExitWatch {
  readonly #done = deferred<ExitStatus>();
  #status: ExitStatus | undefined;

  /** The exit status, once known. */
  get status(): ExitStatus | undefined {
    return this.#status;
  }

  /** Resolves with the exit status; never rejects. */
  get promise(): Promise<ExitStatus> {
    return this.#done.promise;
  }

  /** Records the exit (first call wins); returns false when it was already recorded. */
  settle(status: ExitStatus): boolean {
    if (this.#status !== undefined) return false;
    this.#status = status;
    this.#done.resolve(status);
    return true;
  }
}
