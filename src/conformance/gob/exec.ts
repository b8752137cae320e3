/**
 * Runs the IUT filter once: the input on its stdin (with backpressure; optionally in paced 3-byte
 * writes so messages span reads), its stdout collected up to a cap, through
 * `gobconform run`, which reports the exit status, the maximum resident set size (wait4's
 * rusage, read once at exit) and the wall time on file descriptor 3, and kills the IUT's process
 * group after the time limit.
 */
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { gobconformPath } from './tools.js';

export interface IutRun {
  readonly exitCode: number;
  readonly signal?: string;
  readonly maxRssKiB: number;
  readonly wallMs: number;
  readonly timedOut: boolean;
  /** More output than `maxOutputBytes`: the IUT was killed. */
  readonly overflow: boolean;
  readonly stdout: Buffer;
  /** The last 2 KiB of stderr. */
  readonly stderr: string;
  readonly startError?: string;
}

export interface ExecOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly input: Uint8Array;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly trickle?: boolean;
  /** Trickle only: wait this long first, so the IUT is up and waiting on the pipe (its start-up time). */
  readonly trickleAfterMs?: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

async function feed(stdin: Writable, input: Uint8Array, step: number, delayMs: number): Promise<void> {
  if (delayMs > 0) await pause(delayMs);
  for (let i = 0; i < input.length && !stdin.destroyed; i += step) {
    const chunk = input.subarray(i, i + step);
    // Trickle: each write flushed to the pipe, then a 5 ms pause so that a reader waiting on the
    // pipe sees the pieces one by one (messages span reads); otherwise honour backpressure.
    if (step < 64) {
      await new Promise<void>((resolve) => stdin.write(chunk, () => resolve()));
      await pause(5);
    }
    else if (!stdin.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stdin.off('drain', done);
          stdin.off('close', done);
          resolve();
        };
        stdin.on('drain', done);
        stdin.on('close', done);
      });
    }
  }
  stdin.end();
}

export function execIut(o: ExecOptions): Promise<IutRun> {
  return new Promise((resolve) => {
    const child = spawn(gobconformPath(), ['run', '-timeout-ms', String(Math.round(o.timeoutMs)), '--', ...o.argv], {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...o.env },
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let overflow = false;
    let stderr = '';
    let status = '';
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > o.maxOutputBytes) {
        if (!overflow) child.kill('SIGTERM');
        overflow = true;
        return;
      }
      out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-2048);
    });
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (b: Buffer) => {
      status += b.toString('utf8');
    });
    child.stdin.on('error', () => {}); // the IUT may stop reading (a hostile stream) — that is its right
    child.on('error', (err) => resolve({ exitCode: -1, maxRssKiB: 0, wallMs: 0, timedOut: false, overflow: false, stdout: Buffer.alloc(0), stderr: '', startError: err.message }));
    child.on('close', (code) => {
      let u: { exitCode?: number; signal?: string; maxRssKiB?: number; wallMs?: number; timedOut?: boolean; startError?: string } = {};
      try {
        u = JSON.parse(status) as typeof u;
      } catch {
        u = { exitCode: code ?? -1, startError: `gobconform run reported no status (${stderr.trim()})` };
      }
      resolve({
        exitCode: u.exitCode ?? -1,
        ...(u.signal ? { signal: u.signal } : {}),
        maxRssKiB: u.maxRssKiB ?? 0,
        wallMs: u.wallMs ?? 0,
        timedOut: u.timedOut === true,
        overflow,
        stdout: Buffer.concat(out),
        stderr,
        ...(u.startError ? { startError: u.startError } : {}),
      });
    });
    void feed(child.stdin, o.input, o.trickle === true ? 3 : 64 * 1024, o.trickle === true ? (o.trickleAfterMs ?? 0) : 0);
  });
}

/** "exit 1 after 120 ms, 48 MiB" and the stderr tail, for reports. */
export function describeRun(r: IutRun): string {
  const how = r.startError !== undefined ? `could not start: ${r.startError}` : r.timedOut ? 'killed at the time limit' : r.overflow ? 'killed: too much output' : r.signal !== undefined ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
  const err = r.stderr.trim().split('\n').slice(-2).join(' | ').slice(0, 300);
  return `${how} after ${r.wallMs} ms, max RSS ${(r.maxRssKiB / 1024).toFixed(0)} MiB, ${r.stdout.length} bytes out${err ? `; stderr: ${err}` : ''}`;
}
