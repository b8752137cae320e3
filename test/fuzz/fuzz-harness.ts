/**
 * What the gob, rpc and yamux fuzzers (test/fuzz/*.fuzz.ts) share: the seeded random source,
 * error descriptions for failure reports, capture of errors that escape to the process, and the
 * `npm run fuzz:* [-- --seconds N] [--seed N]` entry point. The inputs and rules of each fuzzer
 * stay in its own file. No Go counterpart (go test -fuzz plays this role in Go).
 */
import { pathToFileURL } from 'node:url';

/** A random source returning numbers in [0, 1). */
export type Rand = () => number;

/** xorshift32: reproducible from the printed seed. */
export function rng(seed: number): Rand {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** The seed used when none is given: different on every run, printed so a failure can be replayed. */
export const freshSeed = (): number => Date.now() % 0x7fffffff;

/** The seed of a `npm test` slice: `process.env[envVar]` when set (to replay a failure), else fresh. */
export const sliceSeed = (envVar: string): number => Number(process.env[envVar] ?? freshSeed());

/** An error for a failure report: name, message and stack of an Error, else its string form. */
export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
}

/** Errors that escaped to the process while installed ('uncaughtException', 'unhandledRejection'). */
export interface EscapeCapture {
  /** Escaped errors since the last take(), oldest first; the list is emptied. */
  take(): unknown[];
  /** The first escaped error not yet taken, if any (the list is left as it is). */
  first(): unknown;
  /** Removes the process listeners. */
  dispose(): void;
}

/** Starts capturing errors that escape to the process; dispose() in a `finally`. */
export function captureEscapes(): EscapeCapture {
  const escaped: unknown[] = [];
  const onEscape = (err: unknown): void => void escaped.push(err);
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  return {
    take: () => escaped.splice(0),
    first: () => escaped[0],
    dispose: () => {
      process.off('uncaughtException', onEscape);
      process.off('unhandledRejection', onEscape);
    },
  };
}

/** A fuzzer's entry point as the fuzz CLI calls it. */
export interface FuzzCli<R extends { readonly failure?: unknown }> {
  /** Printed in the first line: `fuzz:<name> for N s, seed S`. */
  readonly name: string;
  readonly fuzz: (opts: { readonly budgetMs: number; readonly seed: number }) => Promise<R>;
  /** The report as printed (JSON) when the run ends; the failure is printed by `failureText`. */
  readonly summary: (rep: R) => unknown;
  /** What is printed to stderr for a failed run. */
  readonly failureText: (failure: NonNullable<R['failure']>) => string;
}

/** Reads `--seconds N` (default 30) and `--seed N` (default fresh) from `argv`. */
export function fuzzArgs(argv: readonly string[]): { seconds: number; seed: number } {
  const i = argv.indexOf('--seconds');
  const s = argv.indexOf('--seed');
  return { seconds: i >= 0 ? Number(argv[i + 1]) : 30, seed: s >= 0 ? Number(argv[s + 1]) : freshSeed() };
}

/**
 * Runs `cli` as `npm run fuzz:<name>` when `moduleUrl` (the fuzzer's import.meta.url) is the
 * script node was started with; does nothing when the fuzzer is imported (by its test slice).
 * A failed run sets exit code 1.
 */
export function runFuzzCliIfMain<R extends { readonly failure?: unknown }>(moduleUrl: string, cli: FuzzCli<R>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  const { seconds, seed } = fuzzArgs(process.argv);
  console.log(`fuzz:${cli.name} for ${seconds} s, seed ${seed}`);
  void cli.fuzz({ budgetMs: seconds * 1000, seed }).then((rep) => {
    console.log(JSON.stringify(cli.summary(rep), null, 2));
    if (rep.failure !== undefined) {
      console.error(cli.failureText(rep.failure as NonNullable<R['failure']>));
      process.exitCode = 1;
    }
  });
}
