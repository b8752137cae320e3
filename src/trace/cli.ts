/**
 * `go-netrpc trace [--out FILE] [--capture FILE [--no-live]] [--json] [--cookie-key NAME] -- PLUGIN_CMD ARGS…`:
 * argument parsing and the process wrapper around {@link tracePlugin}. Exits with the plugin's
 * status (128 + signal number when a signal ended it). Writes only the handshake to stdout.
 * `go-netrpc trace read FILE [--json]` decodes a capture offline (replay.ts) to stdout.
 */
import { closeSync, createReadStream, openSync } from 'node:fs';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import { TraceError } from './errors.js';
import { parseReattachAddress, traceConnect } from './connect.js';
import { tracePlugin } from './proxy.js';
import { readCapture } from './replay.js';

export const TRACE_USAGE = `usage:
  go-netrpc trace [--out FILE [--child-decoder]] [--capture FILE [--no-live]] [--json] [--cookie-key NAME] -- PLUGIN_CMD [ARGS…]
    put this command where the host expects the plugin binary; the transcript goes to
    stderr, or to FILE with --out (appended); --json writes one JSON event per line;
    --capture appends the raw session to FILE; {pid} in a file name becomes trace's pid;
    --no-live only captures (cheapest): decode the calls afterwards with trace read;
    --child-decoder decodes in a child process, off the relay's path: FILE is complete
    when its summary is written, a moment after the trace ends (or is killed)
  go-netrpc trace --connect ADDR [--out FILE [--child-decoder]] [--capture FILE [--no-live]] [--json]
    traces a running plugin a host reattaches to (ADDR = unix:/path or host:port): prints
    the proxy's own NETWORK:ADDRESS to reattach the host to; runs until SIGINT/SIGTERM
  go-netrpc trace read [--json] FILE
    decodes a --capture FILE offline into the same transcript, on stdout`;

/** Parsed trace arguments. */
export interface TraceArgs {
  readonly out?: string;
  readonly capture?: string;
  /** With --connect: the running plugin's reattach address (then `command` is ""). */
  readonly connect?: string;
  readonly json: boolean;
  /** False with --no-live: only capture, decode later (`trace read`). */
  readonly live: boolean;
  /** --child-decoder: decode live in a child process (needs --out). */
  readonly childDecoder?: true;
  readonly cookieKey?: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** Parses the arguments after `trace`; throws TraceError USAGE. */
export function parseTraceArgs(argv: readonly string[]): TraceArgs {
  let out: string | undefined;
  let capture: string | undefined;
  let connect: string | undefined;
  let cookieKey: string | undefined;
  let json = false;
  let live = true;
  let childDecoder = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '--json') json = true;
    else if (a === '--no-live') live = false;
    else if (a === '--child-decoder') childDecoder = true;
    else if (a === '--out' || a === '--capture' || a === '--cookie-key' || a === '--connect') {
      const v = argv[++i];
      if (v === undefined || v === '') throw new TraceError('USAGE', `${a} needs a value`);
      if (a === '--out') out = v;
      else if (a === '--capture') capture = v;
      else if (a === '--connect') {
        parseReattachAddress(v);
        connect = v;
      }
      else cookieKey = v;
    } else if (a.startsWith('-')) throw new TraceError('USAGE', `unknown option ${a}`);
    else break;
  }
  const [command, ...args] = argv.slice(i);
  if (!live && capture === undefined) throw new TraceError('USAGE', '--no-live only records the session: it needs --capture FILE');
  if (childDecoder && out === undefined) throw new TraceError('USAGE', '--child-decoder writes the transcript to a file: it needs --out FILE');
  if (childDecoder && !live) throw new TraceError('USAGE', '--child-decoder decodes live: it cannot go with --no-live');
  const files = { ...(out === undefined ? {} : { out }), ...(capture === undefined ? {} : { capture }), ...(childDecoder ? { childDecoder: true as const } : {}) };
  if (connect !== undefined) {
    if (command !== undefined) throw new TraceError('USAGE', '--connect traces a running plugin: give no plugin command');
    return { json, live, command: '', args: [], connect, ...files };
  }
  if (command === undefined || command === '') throw new TraceError('USAGE', 'missing the plugin command (after --)');
  return { json, live, command, args, ...files, ...(cookieKey === undefined ? {} : { cookieKey }) };
}

/** Parsed `trace read` arguments. */
export interface TraceReadArgs {
  readonly file: string;
  readonly json: boolean;
}

/** Parses the arguments after `trace read`; throws TraceError USAGE. */
export function parseTraceReadArgs(argv: readonly string[]): TraceReadArgs {
  let json = false;
  const files: string[] = [];
  for (const a of argv) {
    if (a === '--json') json = true;
    else if (a.startsWith('-') && a !== '-') throw new TraceError('USAGE', `unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new TraceError('USAGE', 'trace read needs exactly one capture FILE');
  return { file: files[0] as string, json };
}

const withPid = (path: string): string => path.replaceAll('{pid}', String(process.pid));

function openOrReport(path: string, what: string): number | undefined {
  try {
    return openSync(withPid(path), 'a');
  } catch (err) {
    process.stderr.write(`go-netrpc: IO_FAILED: cannot open the ${what} ${withPid(path)}: ${(err as Error).message}\n`);
    return undefined;
  }
}

async function readMain(argv: readonly string[]): Promise<number> {
  let a: TraceReadArgs;
  try {
    a = parseTraceReadArgs(argv);
  } catch (err) {
    process.stderr.write(`go-netrpc: ${(err as Error).message}\n${TRACE_USAGE}\n`);
    return 2;
  }
  try {
    const input = a.file === '-' ? process.stdin : createReadStream(a.file);
    await readCapture(input, process.stdout, { json: a.json });
    return 0;
  } catch (err) {
    const e = err as Error & { code?: string };
    const code = err instanceof TraceError ? e.code : 'IO_FAILED';
    process.stderr.write(`go-netrpc: ${code}: ${e.message}\n`);
    return 1;
  }
}

/** Runs `go-netrpc trace`; resolves to the exit status. */
export async function traceMain(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${TRACE_USAGE}\n`);
    return 0;
  }
  if (argv[0] === 'read') return readMain(argv.slice(1));
  let a: TraceArgs;
  try {
    a = parseTraceArgs(argv);
  } catch (err) {
    process.stderr.write(`go-netrpc: ${(err as Error).message}\n${TRACE_USAGE}\n`);
    return 2;
  }
  let out: Writable | number = process.stderr;
  if (a.out !== undefined) {
    const fd = openOrReport(a.out, 'transcript file');
    if (fd === undefined) return 1;
    out = fd;
  }
  const capture = a.capture === undefined ? undefined : openOrReport(a.capture, 'capture file');
  const decoder = a.childDecoder === true ? { liveDecoder: 'child' as const } : {};
  if (a.capture !== undefined && capture === undefined) return 1;
  if (a.connect !== undefined) {
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    try {
      await traceConnect({ address: a.connect, out, json: a.json, live: a.live, ...decoder, signal: stop.signal, ...(capture === undefined ? {} : { capture }) });
      return 0;
    } catch (err) {
      process.stderr.write(`go-netrpc: ${err instanceof TraceError ? err.code : 'IO_FAILED'}: ${(err as Error).message}\n`);
      return 1;
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      if (typeof out === 'number') closeSync(out);
      if (capture !== undefined) closeSync(capture);
    }
  }
  const r = await tracePlugin({
    command: a.command,
    args: a.args,
    out,
    json: a.json,
    live: a.live,
    ...decoder,
    forwardSignals: true,
    ...(a.cookieKey === undefined ? {} : { cookieKey: a.cookieKey }),
    ...(capture === undefined ? {} : { capture }),
  });
  if (typeof out === 'number') closeSync(out);
  if (capture !== undefined) closeSync(capture);
  if (r.signal !== null) return 128 + (constants.signals[r.signal] ?? 0);
  return r.code ?? 1;
}
