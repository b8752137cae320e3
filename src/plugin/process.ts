/**
 * Launching a plugin process and reading its handshake line (go-plugin `Client.Start`'s process
 * part): stdin inherited, stdout/stderr piped; the first stdout line within the start timeout;
 * stdout drained and discarded afterwards; stderr split into lines (64 KiB chunks, as
 * `PluginLogBufferSize`) with a tail kept for error messages; exit detection after the pipes
 * are drained (Go `cmd.Wait` + reader goroutines); SIGKILL as Go's `Process.Kill`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { deferred, unrefTimeout } from '../internal/deferred.js';
import { DEFAULT_LOG_LINE_BYTES, MAX_HANDSHAKE_LINE_BYTES, STDERR_TAIL_BYTES } from './constants.js';
import { PluginError } from './errors.js';

/** How a plugin process ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options of {@link launchPlugin}. */
export interface LaunchOptions {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly startTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** Each stderr line (without newline). */
  readonly onStderrLine?: (line: string) => void;
  /** Raw copy of stderr (Go `ClientConfig.Stderr`). */
  readonly stderr?: Writable;
}

/** A running plugin process whose handshake line has been read. */
export class PluginProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves once the process exited and its stdout/stderr reached EOF. Never rejects. */
  readonly exited: Promise<ExitStatus>;
  #tail = '';
  #status: ExitStatus | undefined;

  private constructor(child: ChildProcess, exited: Promise<ExitStatus>) {
    this.child = child;
    this.pid = child.pid ?? 0;
    this.exited = exited;
    void exited.then((s) => {
      this.#status = s;
    });
  }

  /** The last bytes (≤ 4 KiB) the plugin wrote to stderr. */
  get stderrTail(): string {
    return this.#tail;
  }

  /** The exit status once known. */
  get status(): ExitStatus | undefined {
    return this.#status;
  }

  /** Go `Process.Kill`: SIGKILL (no-op when already gone). */
  sigkill(): void {
    if (this.#status === undefined && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** @internal */
  appendTail(s: string): void {
    this.#tail = (this.#tail + s).slice(-STDERR_TAIL_BYTES);
  }

  /**
   * Spawns the plugin and resolves with the process and its first stdout line. On any failure
   * the process is killed and a PluginError is thrown (SPAWN_FAILED, HANDSHAKE_TIMEOUT,
   * PROCESS_EXITED with the stderr tail, HANDSHAKE_INVALID for an over-long line, ABORTED).
   */
  static async launch(opts: LaunchOptions): Promise<{ proc: PluginProcess; line: string }> {
    const child = spawn(opts.command, [...(opts.args ?? [])], {
      env: opts.env,
      stdio: ['inherit', 'pipe', 'pipe'],
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
    const exitD = deferred<ExitStatus>();
    const spawnErr = deferred<Error>();
    child.once('error', (err) => spawnErr.resolve(err));
    child.once('close', (code, signal) => exitD.resolve({ code, signal }));
    const proc = new PluginProcess(child, exitD.promise);
    wireStderr(proc, child, opts);

    const lineD = deferred<string>();
    let buf: Buffer = Buffer.alloc(0);
    let gotLine = false;
    const stdout = child.stdout;
    stdout?.on('data', (chunk: Buffer) => {
      if (gotLine) return; // drained and discarded, as Go
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const nl = buf.indexOf(0x0a);
      if (nl >= 0) {
        gotLine = true;
        lineD.resolve(buf.subarray(0, nl).toString('utf8'));
        buf = Buffer.alloc(0);
      } else if (buf.length > MAX_HANDSHAKE_LINE_BYTES) {
        gotLine = true;
        lineD.reject(new PluginError('HANDSHAKE_INVALID', `plugin handshake line exceeds ${MAX_HANDSHAKE_LINE_BYTES} bytes`));
      }
    });
    stdout?.on('error', () => undefined);

    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => lineD.reject(new PluginError('ABORTED', 'plugin start aborted', { cause: opts.signal?.reason }));
    try {
      if (opts.signal?.aborted) onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      timer = unrefTimeout(
        () => lineD.reject(new PluginError('HANDSHAKE_TIMEOUT', `timeout while waiting for plugin to start (${opts.startTimeoutMs} ms)`)),
        opts.startTimeoutMs,
      );
      void spawnErr.promise.then((err) =>
        lineD.reject(new PluginError('SPAWN_FAILED', `error starting plugin ${opts.command}: ${err.message}`, { cause: err })),
      );
      void exitD.promise.then((s) => {
        if (gotLine) return;
        const partial = buf.toString('utf8').trim();
        const why = partial === '' ? 'plugin exited before we could connect' : `Unrecognized remote plugin message: ${partial}`;
        lineD.reject(
          new PluginError('PROCESS_EXITED', `${why} (${describeExit(s)})${tailSuffix(proc.stderrTail)}`, { stderrTail: proc.stderrTail }),
        );
      });
      const line = await lineD.promise;
      return { proc, line };
    } catch (err) {
      gotLine = true;
      proc.sigkill();
      throw err;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
}

function wireStderr(proc: PluginProcess, child: ChildProcess, opts: LaunchOptions): void {
  const stderr = child.stderr;
  if (stderr === null) return;
  let pending = '';
  stderr.setEncoding('utf8');
  stderr.on('data', (s: string) => {
    proc.appendTail(s);
    if (opts.stderr !== undefined && !opts.stderr.destroyed) opts.stderr.write(s);
    pending += s;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).replace(/\r$/, '');
      pending = pending.slice(nl + 1);
      opts.onStderrLine?.(line);
    }
    while (pending.length > DEFAULT_LOG_LINE_BYTES) {
      opts.onStderrLine?.(pending.slice(0, DEFAULT_LOG_LINE_BYTES));
      pending = pending.slice(DEFAULT_LOG_LINE_BYTES);
    }
  });
  stderr.on('end', () => {
    if (pending !== '') opts.onStderrLine?.(pending);
    pending = '';
  });
  stderr.on('error', () => undefined);
}

/** "exit status 3" / "signal SIGKILL", as Go's ProcessState.String. */
export function describeExit(s: ExitStatus): string {
  return s.signal !== null ? `signal: ${s.signal}` : `exit status ${s.code ?? 'unknown'}`;
}

/** Formats a stderr tail for inclusion in an error message. */
export function tailSuffix(tail: string): string {
  const t = tail.trimEnd();
  return t === '' ? '' : `\nplugin stderr (last ${t.length} bytes):\n${t}`;
}
