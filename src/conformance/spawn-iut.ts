/**
 * Starting an IUT for `--exec CMD…` (yamux and rpc suites): the command with the suite's
 * environment, a bounded tail of its stderr (with its exit appended) for reports, and whether it
 * could be started at all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ConformanceError } from './errors.js';

/** The most of an IUT's stderr kept for reports (its tail). */
const LOG_TAIL = 8000;

export interface StartedIut {
  readonly child: ChildProcess;
  /** The IUT's stderr tail, then how it exited. */
  log(): string;
  /** Resolves with the spawn error, or undefined once it runs. */
  readonly spawned: Promise<Error | undefined>;
}

export function startIut(argv: readonly string[], env: Record<string, string>, stdout: 'pipe' | 'ignore'): StartedIut {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new ConformanceError('USAGE', '--exec needs a command');
  let log = '';
  const child = spawn(cmd, args, { stdio: ['ignore', stdout, 'pipe'], env: { ...process.env, ...env } });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    log = (log + d).slice(-LOG_TAIL);
  });
  const t0 = performance.now();
  child.once('exit', (code, signal) => {
    log += `\n[the IUT exited after ${Math.round(performance.now() - t0)} ms: ${signal ?? `status ${code}`}]\n`;
  });
  const spawned = new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  return { child, log: () => log, spawned };
}
