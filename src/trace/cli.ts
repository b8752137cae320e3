/**
 * `go-netrpc trace [--out FILE] [--json] [--cookie-key NAME] -- PLUGIN_CMD ARGS…`: argument
 * parsing and the process wrapper around {@link tracePlugin}. Exits with the plugin's status
 * (128 + signal number when a signal ended it). Writes only the handshake to stdout.
 */
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import { TraceError } from './errors.js';
import { tracePlugin } from './proxy.js';

export const TRACE_USAGE = `usage:
  go-netrpc trace [--out FILE] [--json] [--cookie-key NAME] -- PLUGIN_CMD [ARGS…]
    put this command where the host expects the plugin binary; the transcript goes to
    stderr, or to FILE with --out (appended); --json writes one JSON event per line`;

/** Parsed trace arguments. */
export interface TraceArgs {
  readonly out?: string;
  readonly json: boolean;
  readonly cookieKey?: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** Parses the arguments after `trace`; throws TraceError USAGE. */
export function parseTraceArgs(argv: readonly string[]): TraceArgs {
  let out: string | undefined;
  let cookieKey: string | undefined;
  let json = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '--json') json = true;
    else if (a === '--out' || a === '--cookie-key') {
      const v = argv[++i];
      if (v === undefined || v === '') throw new TraceError('USAGE', `${a} needs a value`);
      if (a === '--out') out = v;
      else cookieKey = v;
    } else if (a.startsWith('-')) throw new TraceError('USAGE', `unknown option ${a}`);
    else break;
  }
  const [command, ...args] = argv.slice(i);
  if (command === undefined || command === '') throw new TraceError('USAGE', 'missing the plugin command (after --)');
  return { json, command, args, ...(out === undefined ? {} : { out }), ...(cookieKey === undefined ? {} : { cookieKey }) };
}

/** Runs `go-netrpc trace`; resolves to the exit status. */
export async function traceMain(argv: readonly string[]): Promise<number> {
  let a: TraceArgs;
  try {
    a = parseTraceArgs(argv);
  } catch (err) {
    process.stderr.write(`go-netrpc: ${(err as Error).message}\n${TRACE_USAGE}\n`);
    return 2;
  }
  let out: Writable | number = process.stderr;
  if (a.out !== undefined) {
    try {
      out = openSync(a.out, 'a');
    } catch (err) {
      process.stderr.write(`go-netrpc: OUTPUT_FAILED: cannot open ${a.out}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const r = await tracePlugin({ command: a.command, args: a.args, out, json: a.json, forwardSignals: true, ...(a.cookieKey === undefined ? {} : { cookieKey: a.cookieKey }) });
  if (typeof out === 'number') closeSync(out);
  if (r.signal !== null) return 128 + (constants.signals[r.signal] ?? 0);
  return r.code ?? 1;
}
