/**
 * Mapping of net/rpc failures seen by a host to PluginError: a remote `Response.Error` becomes
 * REMOTE_ERROR (message = Go's error text); a failure that coincides with the plugin process
 * exiting becomes PROCESS_EXITED with the stderr tail (Go callers see `unexpected EOF` /
 * `connection is shut down` and must check `Exited()`; we do that check for them).
 */
import { unrefTimeout } from '../internal/deferred.js';
import { GoNetrpcError } from '../internal/errors.js';
import { PluginError } from './errors.js';

/** How long a transport failure waits to see whether the process is exiting. */
const EXIT_SETTLE_MS = 1_000;

export interface CallErrorContext {
  readonly serviceMethod?: string;
  exited(): boolean;
  waitExited(): Promise<unknown>;
  describeExit(): string;
  stderrTail(): string;
}

/** Converts `err` into the PluginError a caller sees. */
export async function wrapCallError(err: unknown, ctx: CallErrorContext): Promise<PluginError> {
  if (err instanceof PluginError) return err;
  const where = ctx.serviceMethod === undefined ? '' : `${ctx.serviceMethod}: `;
  const message = err instanceof Error ? err.message : String(err);
  if (GoNetrpcError.isGoNetrpcError(err) && err.code === 'SERVER_ERROR') {
    return new PluginError('REMOTE_ERROR', message, { cause: err });
  }
  if (!ctx.exited()) {
    await Promise.race([ctx.waitExited(), new Promise((r) => unrefTimeout(() => r(undefined), EXIT_SETTLE_MS))]);
  }
  if (ctx.exited()) {
    return new PluginError('PROCESS_EXITED', `${where}plugin process exited${ctx.describeExit()}`, { cause: err, stderrTail: ctx.stderrTail() });
  }
  return new PluginError('CALL_FAILED', `${where}${message}`, { cause: err });
}
