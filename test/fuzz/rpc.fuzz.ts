/**
 * `npm run fuzz:rpc [-- --seconds 60] [--seed N]`: mutation fuzzer for go-netrpc/rpc over the gob
 * codec, both ways:
 * - a hostile client against our Server: mutated, truncated or garbage request streams (seeded
 *   with valid pipelined calls: known and unknown methods, wrong body types, interface values,
 *   big counts), sent in random chunks; the server must end the connection cleanly, and
 *   everything it wrote must be well-formed gob responses;
 * - a hostile server against our Client: mutated response streams for a set of pipelined calls;
 *   every call must settle, with a value or an RpcError.
 * Fails on any error that is not an RpcError, an uncaught exception or unhandled rejection, a
 * hang, or time or heap growth out of proportion to the input. A 10 s slice runs in `npm test`
 * (test/fuzz/rpc-fuzz.test.ts).
 */
import * as gob from '../../src/gob/index.js';
import { Client } from '../../src/rpc/client.js';
import { RpcError } from '../../src/rpc/errors.js';
import { GobClientCodec, RequestType, ResponseType } from '../../src/rpc/gob-codec.js';
import { Server } from '../../src/rpc/server.js';
import { defineService } from '../../src/rpc/service.js';
import { duplexPair } from '../../src/testing/index.js';
import { captureEscapes, describeError, freshSeed, rng, runFuzzCliIfMain, type Rand } from './fuzz-harness.js';

/** Options of {@link fuzzRpc}. */
export interface RpcFuzzOptions {
  readonly budgetMs: number;
  /** Keep going past the budget until this many inputs ran (so a loaded machine cannot starve a run). */
  readonly minInputs?: number;
  readonly seed?: number;
}

/** Outcome of a run; `failure` is set at the first unacceptable outcome. */
export interface RpcFuzzReport {
  readonly inputs: number;
  /** Server runs that ended with at least one reply written / client calls that got a value. */
  readonly serverReplies: number;
  readonly clientValues: number;
  /** RpcError codes seen by client calls. */
  readonly codes: Record<string, number>;
  readonly slowestMs: number;
  readonly failure?: { readonly mode: string; readonly input: string; readonly error: string };
}

const Args = gob.struct('Args', { A: gob.int, B: gob.int });
const Reply = gob.struct('Reply', { C: gob.int });
const Inner = gob.struct('Inner', { Name: gob.string, Vals: gob.slice(gob.int) });
const Big = gob.struct('Big', {
  S: gob.string,
  M: gob.map(gob.string, gob.int),
  Bytes: gob.bytes,
  Nested: gob.slice(Inner),
  Any: gob.interface,
});

function registry(): gob.Registry {
  const r = new gob.Registry();
  r.register('main.Inner', Inner);
  return r;
}

const services = [
  defineService('Arith', { Add: { args: Args, reply: Reply } }, { Add: (a) => ({ C: a.A + a.B }) }),
  defineService('Echo', { Big: { args: Big, reply: Big }, Str: { args: gob.string, reply: gob.string } }, { Big: (b) => b, Str: async (s) => s }),
];

const big = (i: number): gob.Infer<typeof Big> => ({
  S: `big ${i}`,
  M: new Map([['k', i]]),
  Bytes: Uint8Array.of(1, 2, i & 255),
  Nested: [{ Name: 'n', Vals: [i, -i] }],
  Any: i % 2 === 0 ? gob.iface(Inner, { Name: 'in', Vals: [i] }, 'main.Inner') : null,
});

/** Valid request streams (pipelined calls of every kind) to mutate. */
function requestSeeds(): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  for (let n = 0; n < 3; n++) {
    const enc = new gob.Encoder({ registry: registry() });
    const parts: Uint8Array[] = [];
    const count = [3, 12, 60][n] as number;
    for (let seq = 0; seq < count; seq++) {
      switch (seq % 6) {
        case 0: parts.push(enc.encode({ ServiceMethod: 'Arith.Add', Seq: seq }, RequestType), enc.encode({ A: seq, B: 1 }, Args)); break;
        case 1: parts.push(enc.encode({ ServiceMethod: 'Echo.Big', Seq: seq }, RequestType), enc.encode(big(seq), Big)); break;
        case 2: parts.push(enc.encode({ ServiceMethod: 'Arith.Nope', Seq: seq }, RequestType), enc.encode({ A: 1, B: 2 }, Args)); break;
        case 3: parts.push(enc.encode({ ServiceMethod: 'Arith.Add', Seq: seq }, RequestType), enc.encode('wrong type', gob.string)); break;
        case 4: parts.push(enc.encode({ ServiceMethod: 'Echo.Str', Seq: seq }, RequestType), enc.encode('x'.repeat(seq * 7), gob.string)); break;
        default: parts.push(enc.encode({ ServiceMethod: 'NoDot', Seq: 2n ** 60n + BigInt(seq) }, RequestType), enc.encode([1, 2, 3], gob.slice(gob.int)));
      }
    }
    seeds.push(Buffer.concat(parts));
  }
  return seeds;
}

/** The calls the fuzzed client makes (reply types vary), and valid response streams for them. */
const clientCalls = [
  { sm: 'Arith.Add', args: { A: 1, B: 2 }, argsType: Args, replyType: Reply },
  { sm: 'Echo.Big', args: big(2), argsType: Big, replyType: Big },
  { sm: 'Echo.Str', args: 's', argsType: gob.string, replyType: gob.string },
  { sm: 'Arith.Add', args: { A: 3, B: 4 }, argsType: Args, replyType: Reply },
] as const;

function responseSeeds(): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  for (const order of [[0, 1, 2, 3], [3, 1, 0, 2], [2, 0, 3, 1]]) {
    const enc = new gob.Encoder({ registry: registry() });
    const parts: Uint8Array[] = [];
    for (const seq of order) {
      const c = clientCalls[seq] as (typeof clientCalls)[number];
      if (seq === 2 && order[0] === 2) {
        parts.push(enc.encode({ ServiceMethod: c.sm, Seq: seq, Error: 'boom' }, ResponseType), enc.encode({}, gob.emptyStruct));
        continue;
      }
      const body = c.replyType === Reply ? enc.encode({ C: seq }, Reply) : c.replyType === Big ? enc.encode(big(seq), Big) : enc.encode(`r${seq}`, gob.string);
      parts.push(enc.encode({ ServiceMethod: c.sm, Seq: seq, Error: '' }, ResponseType), body);
    }
    // A reply for a call never made (discarded by the client).
    parts.push(enc.encode({ ServiceMethod: 'X.Y', Seq: 99, Error: '' }, ResponseType), enc.encode({ C: 1 }, Reply));
    seeds.push(Buffer.concat(parts));
  }
  return seeds;
}

const interesting = [0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xf8, 0xfa, 0xfc, 0xfe, 0xff];

/** Byte-level mutations: flips, interesting bytes (huge counts), inserts, cuts, splices. */
function mutate(src: Uint8Array, other: Uint8Array, r: Rand): Uint8Array {
  const pick = (n: number): number => Math.floor(r() * n);
  if (r() < 0.05) return Uint8Array.from({ length: pick(300) }, () => pick(256)); // garbage
  const b = Array.from(src);
  for (let k = 1 + pick(4); k > 0; k--) {
    const at = pick(b.length + 1);
    const i = at % Math.max(b.length, 1);
    switch (pick(7)) {
      case 0: if (b.length) b[i] = ((b[i] as number) ^ (1 << pick(8))) & 255; break;
      case 1: if (b.length) b[i] = interesting[pick(interesting.length)] as number; break;
      case 2: b.splice(at, 0, ...Array.from({ length: 1 + pick(8) }, () => pick(256))); break;
      case 3: b.splice(at, 1 + pick(16)); break;
      case 4: b.length = at; break;
      case 5: { const s = pick(other.length + 1); b.splice(at, 0, ...other.subarray(s, s + 1 + pick(64))); break; }
      default: if (b.length) b[i] = pick(256);
    }
  }
  return Uint8Array.from(b);
}

/** Writes `bytes` to `side` in chunks of random sizes, then ends it. */
function feed(side: NodeJS.WritableStream, bytes: Uint8Array, r: Rand): void {
  const size = r() < 0.3 ? 1 + Math.floor(r() * 16) : bytes.length || 1;
  for (let i = 0; i < bytes.length; i += size) side.write(bytes.subarray(i, i + size));
  side.end();
}

class Hang extends Error {}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Hang(`no end within ${ms} ms`)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** Hostile client: returns the number of well-formed replies the server wrote. */
async function hostileClient(server: Server, input: Uint8Array, r: Rand): Promise<number> {
  const [a, b] = duplexPair();
  const out: Buffer[] = [];
  a.on('data', (c: Buffer) => out.push(c));
  a.on('error', () => undefined);
  const served = server.serveConn(b, { registry: registry() });
  feed(a, input, r);
  await withDeadline(served, 10_000);
  a.destroy();
  // Whatever the server wrote must be whole, well-formed gob responses.
  const dec = new gob.Decoder({ registry: registry() });
  dec.push(Buffer.concat(out));
  let replies = 0;
  for (;;) {
    const h = dec.decode(ResponseType);
    if (h === gob.NEED_MORE) break;
    if (dec.skip() !== true) throw new Error(`server wrote a response header without its body (seq ${String(h.Seq)})`);
    replies++;
  }
  dec.end(); // throws if the server left a partial message
  return replies;
}

/** Hostile server: every call must settle with a value or an RpcError. */
async function hostileServer(input: Uint8Array, r: Rand, codes: Record<string, number>): Promise<number> {
  const [a, b] = duplexPair();
  b.on('data', () => undefined);
  b.on('error', () => undefined);
  const client = new Client(new GobClientCodec(a, { registry: registry() }));
  const calls = clientCalls.map((c) => client.call(c.sm, c.args as never, c.argsType, c.replyType));
  feed(b, input, r);
  const settled = await withDeadline(Promise.allSettled(calls), 10_000);
  let values = 0;
  for (const s of settled) {
    if (s.status === 'fulfilled') values++;
    else if (s.reason instanceof RpcError) codes[s.reason.code] = (codes[s.reason.code] ?? 0) + 1;
    else throw s.reason;
  }
  await withDeadline(client.close(), 10_000);
  return values;
}

/** Runs the fuzzer for `budgetMs`; stops at the first failure. */
export async function fuzzRpc(opts: RpcFuzzOptions): Promise<RpcFuzzReport> {
  const seed = opts.seed ?? freshSeed();
  const r = rng(seed);
  const reqs = requestSeeds();
  const resps = responseSeeds();
  const server = new Server({ maxConcurrentCallsPerConn: 8 });
  for (const s of services) server.register(s);
  const codes: Record<string, number> = {};
  let inputs = 0;
  let serverReplies = 0;
  let clientValues = 0;
  let slowestMs = 0;
  const escapes = captureEscapes();
  const report = (failure?: RpcFuzzReport['failure']): RpcFuzzReport => ({
    inputs, serverReplies, clientValues, codes, slowestMs, ...(failure === undefined ? {} : { failure }),
  });
  try {
    const end = Date.now() + opts.budgetMs;
    while (Date.now() < end || inputs < (opts.minInputs ?? 0)) {
      const toServer = r() < 0.5;
      const pool = toServer ? reqs : resps;
      const input = mutate(pool[Math.floor(r() * pool.length)] as Uint8Array, pool[Math.floor(r() * pool.length)] as Uint8Array, r);
      const mode = `${toServer ? 'hostile client → Server' : 'hostile server → Client'} (seed ${seed}, input ${inputs})`;
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      try {
        if (toServer) serverReplies += await hostileClient(server, input, r);
        else clientValues += await hostileServer(input, r, codes);
      } catch (err) {
        return report({ mode, input: Buffer.from(input).toString('hex'), error: describeError(err) });
      }
      const took = performance.now() - t0;
      const grew = process.memoryUsage().heapUsed - heap0;
      inputs++;
      slowestMs = Math.max(slowestMs, Math.round(took));
      // Orders of magnitude beyond what a few KB of input can justify.
      const escaped = escapes.first();
      const fail =
        escaped !== undefined ? `escaped: ${describeError(escaped)}`
        : took > 3000 + input.length ? `took ${Math.round(took)} ms for ${input.length} bytes`
        : grew > 96 * 1024 * 1024 + 2000 * input.length ? `heap grew ${grew} bytes for ${input.length} bytes`
        : undefined;
      if (fail !== undefined) return report({ mode, input: Buffer.from(input).toString('hex'), error: fail });
    }
    return report();
  } finally {
    server.close();
    escapes.dispose();
  }
}

runFuzzCliIfMain(import.meta.url, {
  name: 'rpc',
  fuzz: fuzzRpc,
  summary: (rep) => ({ ...rep, failure: undefined }),
  failureText: (f) => `FAILURE (${f.mode}): ${f.error}\ninput: ${f.input}`,
});
