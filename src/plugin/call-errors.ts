/**
 * Mapping of net/rpc failures seen by a host to PluginError — the one place that decides what a
 * failed plugin call is called:
 * - a remote `Response.Error` → REMOTE_ERROR (message = Go's error text);
 * - the call's own AbortSignal / timeout → ABORTED / TIMEOUT (the rpc codes, not hidden in `cause`);
 * - the host closed the client itself (`kill()`) → CLIENT_CLOSED;
 * - the plugin process ended → PROCESS_EXITED with the exit status or signal and the stderr tail
 *   (Go callers see `unexpected EOF` / `connection is shut down` and must check `Exited()`; we
 *   do that check for them);
 * - anything else → CALL_FAILED with the rpc error as `cause`.
 */
import { unrefTimeout } from '../internal/deferred.js';
import { GoNetrpcError } from '../internal/errors.js';
import { PluginError } from './errors.js';
import { describeExit, type ExitStatus } from './exit-watch.js';

/** How long a transport failure waits to see whether the process is exiting. */
const EXIT_SETTLE_MS = 1_000;

/** What the mapping needs to know about the client a call went through. */
export interface CallErrorContext {
  /** True once the host closed this client itself (`kill()`). */
  closedByHost(): boolean;
  /** The plugin's exit status, once it is known to have ended. */
  exitStatus(): ExitStatus | undefined;
  /** Resolves when the plugin process ends (omitted when there is no process, e.g. in memory). */
  waitExited?(): Promise<unknown>;
  /** The plugin's recent stderr, rendered as text ('' when none). */
  stderrTail(): string;
}

/** Formats a stderr tail for inclusion in an error message. */
export function tailSuffix(tail: string): string {
  const t = tail.trimEnd();
  return t === '' ? '' : `\nplugin stderr (last ${t.length} bytes):\n${t}`;
}

/** Converts `err` from a call of `serviceMethod` (when known) into the PluginError a caller sees. */
export async function wrapCallError(err: unknown, ctx: CallErrorContext, serviceMethod?: string): Promise<PluginError> {
  if (err instanceof PluginError) return err;
  const where = serviceMethod === undefined ? '' : `${serviceMethod}: `;
  const message = err instanceof Error ? err.message : String(err);
  if (GoNetrpcError.isGoNetrpcError(err)) {
    if (err.code === 'SERVER_ERROR') return new PluginError('REMOTE_ERROR', message, { cause: err });
    if (err.code === 'ABORTED' || err.code === 'TIMEOUT') return new PluginError(err.code, message, { cause: err });
  }
  if (!ctx.closedByHost() && ctx.exitStatus() === undefined && ctx.waitExited !== undefined) {
    await Promise.race([ctx.waitExited(), new Promise((r) => unrefTimeout(() => r(undefined), EXIT_SETTLE_MS))]);
  }
  if (ctx.closedByHost()) return new PluginError('CLIENT_CLOSED', `${where}plugin client was closed by kill()`, { cause: err });
  const status = ctx.exitStatus();
  if (status !== undefined) {
    const tail = ctx.stderrTail();
    return new PluginError('PROCESS_EXITED', `${where}plugin process exited (${describeExit(status)})${tailSuffix(tail)}`, { cause: err, stderrTail: tail });
  }
  return new PluginError('CALL_FAILED', `${where}${message}`, { cause: err });
}
