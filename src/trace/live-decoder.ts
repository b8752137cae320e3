/**
 * Live decoding off the relay's critical path: `trace --out FILE` starts a child process
 * (decoder-child.ts) and writes the raw capture stream into a pipe to it; the child decodes it
 * into the transcript while the relay only copies bytes. Host-bound bytes go into the pipe before
 * they are forwarded (a write into the kernel's socket buffer), so a host that SIGKILLs the trace
 * as soon as it has a reply (go-plugin's Kill, Packer) cannot lose them: the child reads what the
 * kernel holds, sees EOF, notes the cut, writes the summary and exits.
 *
 * The child is its own process group (a pid kill of the trace or a terminal's SIGINT does not
 * reach it) and holds no fd of the host's: stdin is the pipe, stdout/stderr are /dev/null, fd 3
 * is the transcript file. Only this process holds the pipe's write end, so the child cannot
 * outlive it. A host-bound chunk is forwarded only once its copy is in the kernel
 * ({@link LiveDecoder.queued} false): when the pipe's socket buffer is full (the child is that
 * far behind, or still starting) the host waits for the child to read, else a SIGKILL would lose
 * what Node still queued. Plugin-bound bytes may queue up to `maxDecoderBacklogBytes`; beyond
 * that {@link LiveDecoder.blocked} is true and the relay pauses its sources until the child
 * drained it, so memory stays bounded and no relayed byte is dropped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaptureSink } from './capture-writer.js';

/** Bytes queued for the child beyond which the relay pauses (default {@link DEFAULT_MAX_DECODER_BACKLOG_BYTES}). */
export const DEFAULT_MAX_DECODER_BACKLOG_BYTES = 8 << 20;
/**
 * How long the end of a trace waits for the child to finish the transcript: well below go-plugin's
 * 2 s wait for a plugin to exit after Kill() (client.go), so a lagging child never turns a
 * graceful exit into a SIGKILL; the child finishes on its own after that.
 */
const EXIT_WAIT_MS = 1000;

const fromSource = import.meta.url.endsWith('.ts');

/** The command that runs decoder-child (TypeScript sources under tsx, or dist). */
function childArgv(): string[] {
  const file = fileURLToPath(new URL(`./decoder-child.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return fromSource ? ['--import', 'tsx', file] : [file];
}

/** The relay side of the decoder child. */
export class LiveDecoder implements CaptureSink {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private broken = false;
  private closing = false;
  private readonly lost: (why: string) => void;
  /** Called once nothing is queued (see {@link whenReady}). */
  private waiters: Array<() => void> = [];

  constructor(
    outFd: number,
    options: { readonly json?: boolean; readonly maxValueChars?: number; /** The trace's start, performance.now() of this process. */ readonly t0: number },
    private readonly maxBacklogBytes = DEFAULT_MAX_DECODER_BACKLOG_BYTES,
  ) {
    const args = [...childArgv(), ...(options.json === true ? ['--json'] : []), ...(options.maxValueChars === undefined ? [] : ['--max-value-chars', String(options.maxValueChars)]), '--t0', String(performance.timeOrigin + options.t0)];
    this.child = spawn(process.execPath, args, { stdio: ['pipe', 'ignore', 'ignore', outFd], detached: true });
    // A child that died (or never started) takes live decoding with it, never the relay; the
    // transcript says so (written here: the child cannot any more).
    const lost = (this.lost = (why: string): void => {
      if (this.broken) return;
      this.broken = true;
      this.wake();
      const message = `live decoding stopped: the decoder child ${why}; the relay goes on${options.json === true ? '' : ' (a --capture file still has every byte)'}`;
      try {
        writeSync(outFd, `${options.json === true ? JSON.stringify({ kind: 'note', t: performance.now() - options.t0, message }) : `! ${message}`}\n`);
      } catch {
        // The transcript file is gone too.
      }
    });
    this.exited = new Promise<void>((resolve) => {
      this.child.once('error', (err) => {
        lost(`could not run: ${err.message}`);
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        if (!this.closing) lost(`exited early (${signal ?? `status ${code}`})`);
        resolve();
      });
    });
    this.child.stdin?.on('error', (err) => lost(`pipe failed: ${err.message}`));
    this.child.stdin?.on('close', () => this.wake());
    // Until close(), the child must not keep this process alive (a trace that ends abnormally).
    this.child.unref();
  }

  /** The capture could not be handed to the child (`err` from {@link write}). */
  lostBy(err: unknown): void {
    this.lost(err instanceof Error ? err.message : String(err));
  }

  /** Queues one flush of capture records for the child (written to the kernel at once if the pipe has room). */
  write(bufs: readonly Uint8Array[]): void {
    const stdin = this.child.stdin;
    if (this.broken || stdin === null || stdin.destroyed) throw new Error(`the live decoder is gone${this.broken ? '' : ' (its pipe was destroyed)'}`);
    stdin.cork();
    bufs.forEach((b, i) => (i === bufs.length - 1 ? stdin.write(b, () => this.wake()) : stdin.write(b)));
    stdin.uncork();
  }

  /** A write completed: waiters go on once nothing is queued any more. */
  private wake(): void {
    const stdin = this.child.stdin;
    if (this.waiters.length === 0 || (!this.broken && stdin !== null && !stdin.destroyed && stdin.writableLength > 0)) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const cb of waiters) cb();
  }

  /** True while more than the limit waits for the child: the relay pauses until {@link whenReady}. */
  blocked(): boolean {
    const stdin = this.child.stdin;
    return !this.broken && stdin !== null && stdin.writableLength > this.maxBacklogBytes;
  }

  /** True while some of what was written is still in this process (not yet in the kernel). */
  queued(): boolean {
    const stdin = this.child.stdin;
    return !this.broken && stdin !== null && !stdin.destroyed && stdin.writableLength > 0;
  }

  /** Calls `cb` once everything written is in the kernel (or the child is gone). */
  whenReady(cb: () => void): void {
    this.waiters.push(cb);
    if (!this.queued()) queueMicrotask(() => this.wake());
  }

  /** Ends the stream and waits (at most {@link EXIT_WAIT_MS}) for the child to finish the transcript. */
  async close(): Promise<void> {
    this.closing = true;
    this.child.ref();
    this.child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, EXIT_WAIT_MS)))]);
    clearTimeout(timer);
    this.child.unref();
  }
}
