/**
 * `npm run fuzz:gob [-- --seconds 60] [--seed N]`: mutation fuzzer for the gob decoder, seeded
 * with the Go-generated zoo (fixtures/gob) and with generated hostile shapes (wide structs, deep
 * struct/slice/map chains, unnamed type chains, values spread over many messages; see
 * test/helpers/gob-attack.ts), mutated or not. Every stream is decoded schemaless, with the
 * case's descriptors, with skip(), and through the CLI's `gob dump`, `gob dump --json` and
 * `gob echo` code paths in-process. It fails on:
 * - anything thrown other than a GobError (no other exception, no stack overflow), also when the
 *   Decoder is used again after failing;
 * - work out of proportion to the input: decode time above {@link timeLimitMs} (measured twice
 *   before failing, so one pause of a loaded machine does not count), CLI output above
 *   {@link outputLimit}, or heap retained after the Decoder is gone above {@link retainLimit}
 *   (checked on every generated input and every 64th mutated one).
 * A short run is part of `npm test` (test/fuzz/gob-fuzz.test.ts).
 */
import { Readable } from 'node:stream';
import { gobDump } from '../../src/cli/gob-dump.js';
import { gobEcho } from '../../src/cli/gob-echo.js';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { deepStructs, mapChain, sliceChain, splitInterfaceSlice, unnamedMapChain, wideStruct } from '../helpers/gob-attack.js';
import { loadFixtures } from '../helpers/gob-fixtures.js';
import { zoo, zooRegistry } from '../helpers/gob-zoo.js';
import { collectGarbage } from '../helpers/scaling.js';
import { describeError, freshSeed, rng, runFuzzCliIfMain } from './fuzz-harness.js';

/** Time allowed for one decode of `bytes` input bytes: 250 ms + 50 µs per byte (linear work is ~100x below). */
export const timeLimitMs = (bytes: number): number => 250 + 0.05 * bytes;
/** CLI output allowed for `bytes` input bytes (struct values print every field of their type). */
export const outputLimit = (bytes: number): number => (1 << 20) + 1000 * bytes;
/** Heap allowed to stay reachable after decoding `bytes` input bytes with a Decoder that is then dropped. */
export const retainLimit = (bytes: number): number => (8 << 20) + 32 * bytes;

/** Options of {@link fuzzGob}. */
export interface FuzzOptions {
  readonly budgetMs: number;
  /** Keep going past the budget until this many inputs ran (so a loaded machine cannot starve a run). */
  readonly minInputs?: number;
  readonly seed?: number;
}

/** Outcome of a fuzz run; `failure` is set when something other than a GobError escaped. */
export interface FuzzReport {
  readonly inputs: number;
  readonly gobErrors: number;
  readonly decodedValues: number;
  readonly codes: Record<string, number>;
  readonly failure?: { readonly input: string; readonly mode: string; readonly error: string };
  readonly slowestMs: number;
  /** Generated hostile inputs among `inputs`, their largest size, and the most heap retained by one input. */
  readonly generated: number;
  readonly largestInput: number;
  readonly maxRetainedBytes: number;
  /** The slowest input (hex) and how it was decoded, to investigate slow paths. */
  readonly slowest?: { readonly input: string; readonly mode: string };
}

const interesting = [0x00, 0x01, 0x02, 0x03, 0x7f, 0x80, 0x81, 0xf8, 0xf9, 0xfc, 0xfe, 0xff];

function mutate(src: Uint8Array, other: Uint8Array, r: () => number): Uint8Array {
  const b = Array.from(src);
  const pick = (n: number): number => Math.floor(r() * n);
  const rounds = 1 + pick(4);
  for (let k = 0; k < rounds; k++) {
    const at = pick(b.length + 1);
    switch (pick(8)) {
      case 0: if (b.length) b[at % b.length] = (b[at % b.length]! ^ (1 << pick(8))) & 255; break;
      case 1: if (b.length) b[at % b.length] = interesting[pick(interesting.length)]!; break;
      case 2: b.splice(at, 0, ...Array.from({ length: 1 + pick(8) }, () => pick(256))); break;
      case 3: b.splice(at, 1 + pick(16)); break;
      case 4: b.length = at; break;
      case 5: { const s = pick(b.length + 1); b.splice(at, 0, ...b.slice(s, s + 1 + pick(32))); break; }
      case 6: { const s = pick(other.length + 1); b.splice(at, 0, ...other.subarray(s, s + 1 + pick(64))); break; }
      default: if (b.length) b[at % b.length] = pick(256);
    }
  }
  return Uint8Array.from(b);
}

type Outcome = { ok: number } | { error: unknown };

const MODES = ['schemaless', 'typed', 'skip', 'dump', 'dump-json', 'echo'] as const;
type Mode = (typeof MODES)[number];

function chunksOf(bytes: Uint8Array, chunk: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) out.push(bytes.subarray(i, i + chunk));
  return out;
}

function runSync(chunks: readonly Uint8Array[], mode: Mode, types: readonly Descriptor[] | undefined): Outcome {
  const dec = new gob.Decoder({ registry: zooRegistry() });
  let ok = 0;
  let pushed = 0;
  try {
    // Values are tried after every chunk (as a connection would), so split values are resumed.
    for (const c of chunks) {
      dec.push(c);
      pushed++;
      for (let i = 0; i < 64; i++) {
        let r: unknown;
        if (mode === 'schemaless') r = dec.decodeValue();
        else if (mode === 'skip') r = dec.skip() ? 1 : gob.NEED_MORE;
        else r = dec.decode(types?.[ok] ?? gob.interface);
        if (r === gob.NEED_MORE) break;
        ok++;
      }
    }
    dec.end();
    return { ok };
  } catch (error) {
    if (!(error instanceof gob.GobError)) return { error };
    // After a GobError the Decoder either stays failed (framing errors are sticky, as in Go)
    // or continues with the next value (errors inside a value); either way only GobError.
    try {
      for (const c of chunks.slice(pushed)) dec.push(c);
      for (let i = 0; i < 4 && dec.decodeValue() !== gob.NEED_MORE; i++);
    } catch (again) {
      if (!(again instanceof gob.GobError)) return { error: again };
    }
    return { error };
  }
}

/** The CLI commands in-process; output is counted, and past `outputLimit` the run stops as a failure. */
async function runCli(chunks: readonly Uint8Array[], mode: Mode, inputBytes: number): Promise<Outcome> {
  let written = 0;
  const limit = outputLimit(inputBytes);
  const sink = (chunk: Uint8Array | string): Promise<void> => {
    written += chunk.length;
    if (written > limit) return Promise.reject(new Error(`output out of proportion: over ${limit} bytes for ${inputBytes} input bytes`));
    return Promise.resolve();
  };
  try {
    const input = Readable.from(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.length)));
    if (mode === 'echo') await gobEcho(input, sink);
    else await gobDump(input, mode === 'dump-json', sink);
    return { ok: 1 };
  } catch (error) {
    return { error };
  }
}

function run(chunks: readonly Uint8Array[], mode: Mode, types: readonly Descriptor[] | undefined, inputBytes: number): Outcome | Promise<Outcome> {
  return mode === 'schemaless' || mode === 'typed' || mode === 'skip' ? runSync(chunks, mode, types) : runCli(chunks, mode, inputBytes);
}

/** The hostile shapes of issue 13, by name: messages for size n, and the largest n generated. */
const SHAPES: readonly { readonly name: string; readonly max: number; readonly make: (n: number) => Uint8Array[] }[] = [
  { name: 'wideStruct', max: 8000, make: (n) => [wideStruct(n)] },
  { name: 'deepStructs', max: 2500, make: (n) => [deepStructs(n)] },
  { name: 'sliceChain', max: 2500, make: (n) => [sliceChain(n)] },
  { name: 'mapChain', max: 2500, make: (n) => [mapChain(n)] },
  { name: 'unnamedMapChain', max: 60, make: (n) => [unnamedMapChain(n)] },
  { name: 'splitInterfaceSlice', max: 400, make: (n) => splitInterfaceSlice(n) },
];

/** A generated hostile input: one of {@link SHAPES} at a random size. */
function generate(r: () => number): { name: string; msgs: Uint8Array[] } {
  const shape = SHAPES[Math.floor(r() * SHAPES.length)] as (typeof SHAPES)[number];
  const n = 1 + Math.floor(r() * shape.max);
  return { name: `${shape.name}(${n})`, msgs: shape.make(n) };
}

/** Runs the fuzzer for `budgetMs`; stops at the first failure. */
export async function fuzzGob(opts: FuzzOptions): Promise<FuzzReport> {
  const seed = opts.seed ?? freshSeed();
  const r = rng(seed);
  const fixtures = loadFixtures().filter((f) => f.bytes.length <= 4096);
  const codes: Record<string, number> = {};
  let inputs = 0;
  let gobErrors = 0;
  let decodedValues = 0;
  let slowestMs = 0;
  let slowest: { input: string; mode: string } | undefined;
  let generated = 0;
  let largestInput = 0;
  let maxRetainedBytes = 0;
  const stats = (): FuzzReport => ({
    inputs, gobErrors, decodedValues, codes, slowestMs, ...(slowest ? { slowest } : {}), generated, largestInput, maxRetainedBytes,
  });
  const end = Date.now() + opts.budgetMs;
  while (Date.now() < end || inputs < (opts.minInputs ?? 0)) {
    const f = fixtures[Math.floor(r() * fixtures.length)]!;
    const other = fixtures[Math.floor(r() * fixtures.length)]!;
    let origin = f.id;
    let types: readonly Descriptor[] | undefined = zoo[f.id];
    let chunks: Uint8Array[];
    let isGenerated = false;
    if (r() < 0.15) {
      // A generated shape: as its messages (one push each, the split-value path), or as one
      // mutated stream.
      const g = generate(r);
      isGenerated = true;
      generated++;
      origin = g.name;
      types = undefined;
      chunks = r() < 0.5 ? g.msgs : [mutate(Uint8Array.from(Buffer.concat(g.msgs)), other.bytes, r)];
    } else {
      const input = mutate(f.bytes, other.bytes, r);
      const chunk = r() < 0.2 ? 1 + Math.floor(r() * 7) : input.length || 1;
      chunks = chunksOf(input, chunk);
    }
    const bytes = chunks.reduce((n, c) => n + c.length, 0);
    largestInput = Math.max(largestInput, bytes);
    const hex = (): string => Buffer.concat(chunks).toString('hex');
    const checkHeap = isGenerated || inputs % (64 * MODES.length) === 0;
    let heapBefore = 0;
    if (checkHeap) {
      collectGarbage();
      heapBefore = process.memoryUsage().heapUsed;
    }
    for (const mode of MODES) {
      const where = `${mode} (seed ${seed}, from ${origin}, ${chunks.length} chunks, ${bytes} bytes)`;
      let t0 = performance.now();
      let out = await run(chunks, mode, types, bytes);
      let took = performance.now() - t0;
      if (took > timeLimitMs(bytes)) {
        // Measured again before failing: one pause of a loaded machine is not the input's fault.
        t0 = performance.now();
        out = await run(chunks, mode, types, bytes);
        took = Math.min(took, performance.now() - t0);
      }
      if (checkHeap && mode === MODES[MODES.length - 1]) {
        // After all modes: what the input's Decoders (now dropped) left reachable.
        collectGarbage();
        const retained = process.memoryUsage().heapUsed - heapBefore;
        maxRetainedBytes = Math.max(maxRetainedBytes, retained);
        if (retained > retainLimit(bytes)) {
          return { ...stats(), failure: { input: hex(), mode: where, error: `heap out of proportion: ${retained} bytes retained after the Decoders were dropped` } };
        }
      }
      if (took > slowestMs) {
        slowestMs = took;
        slowest = { input: bytes <= 65536 ? hex() : `(${bytes} bytes)`, mode: where };
      }
      inputs++;
      if (took > timeLimitMs(bytes)) {
        return { ...stats(), failure: { input: hex(), mode: where, error: `time out of proportion: ${took.toFixed(0)} ms (limit ${timeLimitMs(bytes).toFixed(0)} ms)` } };
      }
      if ('ok' in out) {
        decodedValues += out.ok;
        continue;
      }
      if (out.error instanceof gob.GobError) {
        gobErrors++;
        codes[out.error.code] = (codes[out.error.code] ?? 0) + 1;
        continue;
      }
      return { ...stats(), failure: { input: hex(), mode: where, error: describeError(out.error) } };
    }
  }
  return stats();
}

runFuzzCliIfMain(import.meta.url, {
  name: 'gob',
  fuzz: fuzzGob,
  summary: (rep) => ({ ...rep, failure: undefined, slowest: rep.slowest?.mode }),
  failureText: (f) => `FAILURE (${f.mode}): ${f.error}\ninput: ${f.input.slice(0, 4096)}`,
});
