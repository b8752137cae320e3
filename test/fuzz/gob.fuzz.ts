/**
 * `npm run fuzz:gob [-- --seconds 60] [--seed N]`: mutation fuzzer for the gob decoder, seeded
 * with the Go-generated zoo (fixtures/gob). Every mutated stream is decoded schemaless, with
 * the case's descriptors, and with skip(); the only acceptable failure is a GobError (no other
 * exception, no stack overflow), also when the Decoder is used again after failing.
 * A short run is part of `npm test` (test/fuzz/gob-fuzz.test.ts).
 */
import { pathToFileURL } from 'node:url';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { loadFixtures } from '../helpers/gob-fixtures.js';
import { zoo, zooRegistry } from '../helpers/gob-zoo.js';

/** Options of {@link fuzzGob}. */
export interface FuzzOptions {
  readonly budgetMs: number;
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
  /** The slowest input (hex) and how it was decoded, to investigate slow paths. */
  readonly slowest?: { readonly input: string; readonly mode: string };
}

/** xorshift32: reproducible from the printed seed. */
function rng(seed: number): () => number {
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

function run(bytes: Uint8Array, mode: string, types: readonly Descriptor[] | undefined, chunk: number): Outcome {
  const dec = new gob.Decoder({ registry: zooRegistry() });
  let ok = 0;
  try {
    for (let i = 0; i < bytes.length; i += chunk) dec.push(bytes.subarray(i, i + chunk));
    for (let i = 0; i < 64; i++) {
      let r: unknown;
      if (mode === 'schemaless') r = dec.decodeValue();
      else if (mode === 'skip') r = dec.skip() ? 1 : gob.NEED_MORE;
      else r = dec.decode(types?.[i] ?? gob.interface);
      if (r === gob.NEED_MORE) break;
      ok++;
    }
    dec.end();
    return { ok };
  } catch (error) {
    if (!(error instanceof gob.GobError)) return { error };
    // After a GobError the Decoder either stays failed (framing errors are sticky, as in Go)
    // or continues with the next value (errors inside a value); either way only GobError.
    try {
      for (let i = 0; i < 4 && dec.decodeValue() !== gob.NEED_MORE; i++);
    } catch (again) {
      if (!(again instanceof gob.GobError)) return { error: again };
    }
    return { error };
  }
}

/** Runs the fuzzer for `budgetMs`; stops at the first non-GobError. */
export function fuzzGob(opts: FuzzOptions): FuzzReport {
  const seed = opts.seed ?? Date.now() % 0x7fffffff;
  const r = rng(seed);
  const fixtures = loadFixtures().filter((f) => f.bytes.length <= 4096);
  const codes: Record<string, number> = {};
  let inputs = 0;
  let gobErrors = 0;
  let decodedValues = 0;
  let slowestMs = 0;
  let slowest: { input: string; mode: string } | undefined;
  const end = Date.now() + opts.budgetMs;
  while (Date.now() < end) {
    const f = fixtures[Math.floor(r() * fixtures.length)]!;
    const other = fixtures[Math.floor(r() * fixtures.length)]!;
    const input = mutate(f.bytes, other.bytes, r);
    const chunk = r() < 0.2 ? 1 + Math.floor(r() * 7) : input.length || 1;
    for (const mode of ['schemaless', 'typed', 'skip']) {
      const t0 = Date.now();
      const out = run(input, mode, zoo[f.id], chunk);
      const took = Date.now() - t0;
      if (took > slowestMs) {
        slowestMs = took;
        slowest = { input: Buffer.from(input).toString('hex'), mode: `${mode}, from ${f.id}, chunk ${chunk}` };
      }
      inputs++;
      if ('ok' in out) {
        decodedValues += out.ok;
        continue;
      }
      if (out.error instanceof gob.GobError) {
        gobErrors++;
        codes[out.error.code] = (codes[out.error.code] ?? 0) + 1;
        continue;
      }
      const e = out.error;
      return {
        inputs, gobErrors, decodedValues, codes, slowestMs, ...(slowest ? { slowest } : {}),
        failure: {
          input: Buffer.from(input).toString('hex'),
          mode: `${mode} (seed ${seed}, from ${f.id}, chunk ${chunk})`,
          error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e),
        },
      };
    }
  }
  return { inputs, gobErrors, decodedValues, codes, slowestMs, ...(slowest ? { slowest } : {}) };
}

function main(): void {
  const i = process.argv.indexOf('--seconds');
  const seconds = i >= 0 ? Number(process.argv[i + 1]) : 30;
  const s = process.argv.indexOf('--seed');
  const seed = s >= 0 ? Number(process.argv[s + 1]) : Date.now() % 0x7fffffff;
  console.log(`fuzz:gob for ${seconds} s, seed ${seed}`);
  const rep = fuzzGob({ budgetMs: seconds * 1000, seed });
  console.log(JSON.stringify({ ...rep, failure: undefined }, null, 2));
  if (rep.failure) {
    console.error(`FAILURE (${rep.failure.mode}): ${rep.failure.error}\ninput: ${rep.failure.input}`);
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
