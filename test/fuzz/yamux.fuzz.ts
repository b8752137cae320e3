/**
 * `npm run fuzz:yamux [-- --seconds 60] [--seed N]`: hostile frames against a yamux session, in
 * both roles (inputs from test/fuzz/yamux-inputs.ts), with a local application that opens,
 * accepts, reads (fast, slowly or never) and echoes. A run fails on:
 * - anything but a YamuxError thrown, rejected or emitted (also uncaught or unhandled ones);
 * - a hang: after the input the peer ends the connection and the session must close;
 * - memory out of proportion: bytes held by the session (unread stream data, queued writes)
 *   beyond 3× the input plus 1 MiB, or streams still tracked after the session closed.
 * A short run is part of `npm test` (test/fuzz/yamux-fuzz.test.ts).
 */
import { duplexPair } from '../../src/testing/index.js';
import { createClient, createServer, YamuxError, type YamuxSession, type YamuxStream } from '../../src/yamux/index.js';
import { captureEscapes, describeError, type EscapeCapture, freshSeed, rng, runFuzzCliIfMain } from './fuzz-harness.js';
import { makeCase, type FuzzCase } from './yamux-inputs.js';

/** Options of {@link fuzzYamux}. */
export interface YamuxFuzzOptions {
  readonly budgetMs: number;
  /** Keep going past the budget until this many inputs ran (so a loaded machine cannot starve a run). */
  readonly minInputs?: number;
  readonly seed?: number;
  /** How long a session may take to close after the peer's EOF before the case counts as a hang. */
  readonly hangMs?: number;
}

/** Outcome of a fuzz run; `failure` is set when a case broke one of the rules. */
export interface YamuxFuzzReport {
  readonly seed: number;
  readonly inputs: number;
  readonly inputBytes: number;
  /** How sessions ended, by YamuxError code ('local' / 'none' when not by an error). */
  readonly endings: Record<string, number>;
  readonly streams: number;
  readonly bytesDelivered: number;
  readonly slowestMs: number;
  /** Largest bytes held / input bytes seen after an input was delivered. */
  readonly maxHeldPerInputByte: number;
  readonly failure?: { readonly case: number; readonly what: string; readonly input: string };
}

const MIB = 1024 * 1024;
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

interface CaseResult {
  readonly bad?: string;
  readonly ending: string;
  readonly streams: number;
  readonly delivered: number;
  readonly held: number;
}

async function runCase(c: FuzzCase, hangMs: number, escapes: EscapeCapture): Promise<CaseResult> {
  const [a, b] = duplexPair();
  const problems: string[] = [];
  const check = (where: string) => (e: unknown): void => {
    if (!(e instanceof YamuxError)) problems.push(`${where}: ${describeError(e)}`);
  };
  const config = { enableKeepAlive: false, connectionWriteTimeoutMs: 1_000 };
  const session: YamuxSession = c.role === 'client' ? createClient(a, config) : createServer(a, config);
  const live: YamuxStream[] = [];
  let delivered = 0;
  const handle = (s: YamuxStream): void => {
    live.push(s);
    s.on('error', check(`stream ${s.id} 'error'`));
    if (c.reads !== 'never') {
      s.on('data', (d: Buffer) => {
        delivered += d.length;
        if (c.echo && s.writable) s.write(d);
        if (c.reads === 'slow') {
          s.pause();
          setImmediate(() => s.resume());
        }
      });
      s.on('end', () => {
        if (c.echo && s.writable) s.end();
      });
    }
  };
  b.on('error', () => undefined);
  if (c.peerReads) b.resume();
  for (let i = 0; i < c.localOpens; i++) {
    const s = await session.open().catch((e: unknown) => check('open()')(e));
    if (s) {
      handle(s);
      s.write(Buffer.alloc(10, i));
    }
  }
  void (async () => {
    for await (const s of session) handle(s);
  })().catch(check('accept loop'));
  let off = 0;
  for (let i = 0; i < c.chunks.length; i++) {
    const n = c.chunks[i] as number;
    try {
      // duplexPair delivers synchronously: a throw from the session's 'data' handler lands here
      // (on a socket it would be an uncaught exception).
      b.write(c.bytes.subarray(off, off + n));
    } catch (e) {
      problems.push(`thrown into the transport's 'data' event: ${describeError(e)}`);
      break;
    }
    off += n;
    if (i % 8 === 7) await turn();
  }
  await turn();
  await turn();
  const held = live.reduce((sum, s) => sum + s.readableLength + s.writableLength, 0) + a.writableLength + a.readableLength;
  if (held > 3 * c.bytes.length + MIB) problems.push(`holds ${held} bytes after an input of ${c.bytes.length}`);
  b.end();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), hangMs)));
  const closed = await Promise.race([session.closed, hang]);
  clearTimeout(timer);
  let ending: string;
  if (closed === 'hang') {
    problems.push(`session still open ${hangMs} ms after the peer's EOF`);
    ending = 'hang';
  } else if (closed === undefined) ending = 'local';
  else if (closed instanceof YamuxError) ending = closed.code;
  else {
    problems.push(`closed resolved with a non-YamuxError: ${String(closed)}`);
    ending = 'bad';
  }
  if (closed !== 'hang' && session.numStreams !== 0) problems.push(`${session.numStreams} streams still tracked after close`);
  a.destroy();
  b.destroy();
  await turn();
  await turn();
  problems.push(...escapes.take().map((e) => `uncaught: ${describeError(e)}`));
  return { ...(problems.length ? { bad: problems.join('\n') } : {}), ending, streams: live.length, delivered, held };
}

/** Runs the fuzzer for `budgetMs`; stops at the first failing case. */
export async function fuzzYamux(opts: YamuxFuzzOptions): Promise<YamuxFuzzReport> {
  const seed = opts.seed ?? freshSeed();
  const hangMs = opts.hangMs ?? 5_000;
  const r = rng(seed);
  const escapes = captureEscapes();
  const endings: Record<string, number> = {};
  let inputs = 0;
  let inputBytes = 0;
  let streams = 0;
  let bytesDelivered = 0;
  let slowestMs = 0;
  let maxHeldPerInputByte = 0;
  const report = (failure?: YamuxFuzzReport['failure']): YamuxFuzzReport => ({
    seed, inputs, inputBytes, endings, streams, bytesDelivered, slowestMs, maxHeldPerInputByte, ...(failure ? { failure } : {}),
  });
  try {
    const end = Date.now() + opts.budgetMs;
    while (Date.now() < end || inputs < (opts.minInputs ?? 0)) {
      const c = makeCase(r);
      const t0 = performance.now();
      const res = await runCase(c, hangMs, escapes);
      slowestMs = Math.max(slowestMs, performance.now() - t0);
      inputs++;
      inputBytes += c.bytes.length;
      streams += res.streams;
      bytesDelivered += res.delivered;
      if (c.bytes.length > 0) maxHeldPerInputByte = Math.max(maxHeldPerInputByte, res.held / c.bytes.length);
      endings[res.ending] = (endings[res.ending] ?? 0) + 1;
      if (res.bad !== undefined) {
        const { bytes, ...how } = c;
        return report({ case: inputs, what: `${res.bad}\n(seed ${seed}, case ${inputs}: ${JSON.stringify({ ...how, chunks: how.chunks.length })})`, input: bytes.subarray(0, 4096).toString('hex') });
      }
    }
    return report();
  } finally {
    escapes.dispose();
  }
}

runFuzzCliIfMain(import.meta.url, {
  name: 'yamux',
  fuzz: fuzzYamux,
  summary: (rep) => ({ ...rep, failure: undefined }),
  failureText: (f) => `FAILURE: ${f.what}\ninput (first 4 KiB): ${f.input}`,
});
