/**
 * Launching a plugin process and reading its handshake line (go-plugin `Client.Start`'s process
 * part): stdin inherited, stdout/stderr piped; the first stdout line within the start timeout;
 * stdout drained and discarded afterwards; stderr split into lines (64 KiB chunks, as
 * `PluginLogBufferSize`) with a tail kept for error messages; exit detection after the pipes
 * are drained (Go `cmd.Wait` + reader goroutines); SIGKILL as Go's `Process.Kill`.
 *
 * Spawning and reading the line are separate steps so that the owner can follow the process's
 * exit from the moment it exists, including when the handshake then fails.
 */
import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { deferred, unrefTimeout } from '../internal/deferred.js';
import { tailSuffix } from './call-errors.js';
import { COOKIE_MISMATCH_TEXT, DEFAULT_LOG_LINE_BYTES, MAX_HANDSHAKE_LINE_BYTES, STDERR_TAIL_BYTES } from './constants.js';
import { PluginError } from './errors.js';
import { describeExit, ExitWatch, type ExitStatus } from './exit-watch.js';
import { renderStderr } from './host-logging.js';
import { loadChildProcess } from './lazy-builtins.js';

export type { ExitStatus } from './exit-watch.js';

/** Options of {@link PluginProcess.spawn}. */
export interface SpawnOptions {
  readonly command: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Each stderr line (without newline). */
  readonly onStderrLine?: (line: string) => void;
  /** Raw copy of stderr (Go `ClientConfig.Stderr`). */
  readonly stderr?: Writable;
}

/** Options of {@link PluginProcess.readHandshakeLine}. */
export interface HandshakeWaitOptions {
  readonly startTimeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@link PluginProcess.launch}. */
export type LaunchOptions = SpawnOptions & HandshakeWaitOptions;

const COOKIE_HINT =
  '\nhint: the plugin rejected the magic cookie; check that handshake.magicCookieKey / magicCookieValue match the plugin\'s HandshakeConfig';

/** A spawned plugin process. */
export class PluginProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The one record of this process's exit (set once the process exited and its pipes reached EOF). */
  readonly exit = new ExitWatch();
  #rawTail = '';
  readonly #line = deferred<string>();
  #stdoutBuf: Buffer = Buffer.alloc(0);
  #lineDone = false;
  readonly #spawnError = deferred<Error>();
  readonly #command: string;

  private constructor(child: ChildProcess, command: string) {
    this.child = child;
    this.pid = child.pid ?? 0;
    this.#command = command;
    this.#line.promise.catch(() => undefined);
  }

  /** Resolves once the process exited and its stdout/stderr reached EOF. Never rejects. */
  get exited(): Promise<ExitStatus> {
    return this.exit.promise;
  }

  /** The exit status once known. */
  get status(): ExitStatus | undefined {
    return this.exit.status;
  }

  /** The last bytes (≤ 4 KiB) the plugin wrote to stderr, hclog JSON rendered as text lines. */
  get stderrTail(): string {
    return renderStderr(this.#rawTail);
  }

  /** Go `Process.Kill`: SIGKILL (no-op when already gone). */
  sigkill(): void {
    if (this.exit.status === undefined && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** Spawns the plugin (stdin inherited, stdout/stderr piped). Spawn errors surface in {@link readHandshakeLine}. */
  static spawn(opts: SpawnOptions): PluginProcess {
    const child = loadChildProcess().spawn(opts.command, [...(opts.args ?? [])], {
      env: opts.env,
      stdio: ['inherit', 'pipe', 'pipe'],
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
    const proc = new PluginProcess(child, opts.command);
    child.once('error', (err) => {
      proc.#spawnError.resolve(err);
      // A process that never started has no 'close' with a status of its own.
      if (child.pid === undefined) proc.exit.settle({ code: null, signal: null });
    });
    child.once('close', (code, signal) => proc.exit.settle({ code, signal }));
    proc.#wireStdout();
    proc.#wireStderr(opts);
    return proc;
  }

  /**
   * Spawns the plugin and resolves with the process and its first stdout line; on failure the
   * process is killed and the error thrown (see {@link readHandshakeLine}).
   */
  static async launch(opts: LaunchOptions): Promise<{ proc: PluginProcess; line: string }> {
    const proc = PluginProcess.spawn(opts);
    return { proc, line: await proc.readHandshakeLine(opts) };
  }

  /**
   * The first stdout line, within the start timeout. On any failure the process is killed and a
   * PluginError is thrown (SPAWN_FAILED, HANDSHAKE_TIMEOUT, PROCESS_EXITED with the exit status
   * and stderr tail, HANDSHAKE_INVALID for an over-long line, ABORTED).
   */
  async readHandshakeLine(opts: HandshakeWaitOptions): Promise<string> {
    const fail = (e: PluginError): void => {
      this.#lineDone = true;
      this.#line.reject(e);
    };
    const onAbort = (): void => fail(new PluginError('ABORTED', 'plugin start aborted', { cause: opts.signal?.reason }));
    const timer = unrefTimeout(
      () => fail(new PluginError('HANDSHAKE_TIMEOUT', `timeout while waiting for plugin to start (${opts.startTimeoutMs} ms): ${this.#command} printed no handshake line`)),
      opts.startTimeoutMs,
    );
    try {
      if (opts.signal?.aborted) onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      void this.#spawnError.promise.then((err) =>
        fail(new PluginError('SPAWN_FAILED', `error starting plugin ${this.#command}: ${err.message}`, { cause: err })),
      );
      void this.exit.promise.then((s) => {
        if (this.#lineDone) return;
        const partial = this.#stdoutBuf.toString('utf8').trim();
        const why = partial === '' ? 'plugin exited before we could connect' : `Unrecognized remote plugin message: ${partial}`;
        const tail = this.stderrTail;
        const hint = this.#rawTail.includes(COOKIE_MISMATCH_TEXT.split('\n')[0] ?? '') ? COOKIE_HINT : '';
        fail(new PluginError('PROCESS_EXITED', `${why} (${describeExit(s)})${hint}${tailSuffix(tail)}`, { stderrTail: tail }));
      });
      return await this.#line.promise;
    } catch (err) {
      this.sigkill();
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  #wireStdout(): void {
    const stdout = this.child.stdout;
    stdout?.on('data', (chunk: Buffer) => {
      if (this.#lineDone) return; // drained and discarded, as Go
      const buf = this.#stdoutBuf.length === 0 ? chunk : Buffer.concat([this.#stdoutBuf, chunk]);
      const nl = buf.indexOf(0x0a);
      if (nl >= 0) {
        this.#lineDone = true;
        this.#stdoutBuf = Buffer.alloc(0);
        this.#line.resolve(buf.subarray(0, nl).toString('utf8'));
      } else if (buf.length > MAX_HANDSHAKE_LINE_BYTES) {
        this.#lineDone = true;
        this.#stdoutBuf = Buffer.alloc(0);
        this.#line.reject(new PluginError('HANDSHAKE_INVALID', `plugin handshake line exceeds ${MAX_HANDSHAKE_LINE_BYTES} bytes`));
      } else {
        this.#stdoutBuf = buf;
      }
    });
    stdout?.on('error', () => undefined);
  }

  #wireStderr(opts: SpawnOptions): void {
    const stderr = this.child.stderr;
    if (stderr === null) return;
    let pending = '';
    stderr.setEncoding('utf8');
    stderr.on('data', (s: string) => {
      this.#rawTail = (this.#rawTail + s).slice(-STDERR_TAIL_BYTES);
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
}
