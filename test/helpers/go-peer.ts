/**
 * Locating and running go-testbed programs (built once by test/setup/go-testbed.global.ts).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a built go-testbed program, e.g. `goBin('gobpeer')`. */
export function goBin(name: string): string {
  return `${repoRoot}go-testbed/bin/${name}`;
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a program to completion with `input` on stdin; never rejects on a non-zero exit. */
export function runProgram(file: string, args: readonly string[], input?: Uint8Array, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { encoding: 'buffer', maxBuffer: 1 << 30, timeout: timeoutMs },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          reject(err);
          return;
        }
        resolve({ code: child.exitCode, stdout, stderr: stderr.toString('utf8') });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

/** Runs a go-testbed program to completion. */
export function runGo(name: string, args: readonly string[], input?: Uint8Array, timeoutMs?: number): Promise<RunResult> {
  return runProgram(goBin(name), args, input, timeoutMs);
}

/** Starts a long-running go-testbed program; the caller kills it. */
export function startGo(name: string, args: readonly string[]): ChildProcess {
  return spawn(goBin(name), [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}
