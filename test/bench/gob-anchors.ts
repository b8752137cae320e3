/**
 * The Node anchors of `bench:gob`: gob next to `@msgpack/msgpack` and `JSON` on the same
 * values, and next to the bare JS floor where one exists (a plain copy of a 64 KiB `[]byte`;
 * `TextEncoder.encodeInto` / `Buffer#toString` of the 100 strings of a `[]string`), encode and
 * decode, in CPU µs per value. Every contender runs once per round, rounds interleaved (harness.ts),
 * so ratios are per-round pairs and load shows up as spread.
 *
 * The same values: msgpack and JSON get the workload's values with Maps as plain objects (JSON
 * has no Map); JSON has no binary type, so it has no bytes64k cell. JSON encode is
 * `JSON.stringify` (a JS string, not UTF-8 bytes) and decode `JSON.parse` of that string, which
 * flatters JSON slightly. gob encode = one Encoder (definitions already sent) encoding each value;
 * gob decode = a fresh Decoder per pass over the pre-encoded batch (definitions included).
 *
 * Regression guards ({@link GUARDS}): the margins measured by hand for issue 16, kept with some
 * headroom for noise; a miss is printed and makes the benchmark exit non-zero.
 */
import { Decoder as MsgpackDecoder, Encoder as MsgpackEncoder } from '@msgpack/msgpack';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { fmtRatio, fmtSpread, interleave, pairedRatio, type LoadMonitor } from './harness.js';

/** A workload as gob.bench.ts defines it. */
export interface AnchorWorkload {
  readonly name: string;
  readonly type: Descriptor;
  readonly values: readonly unknown[];
}

type Op = 'encode' | 'decode';
type Kind = 'gob' | 'msgpack' | 'JSON' | 'floor';

/** Maps become plain objects (what msgpack and JSON users send); everything else as is. */
function plain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/**
 * CPU µs per value of `pass` (which handles `perPass` values), repeated until it used `ms`
 * milliseconds of CPU. CPU time (process.cpuUsage: user + system, all threads, so GC helpers
 * count) rather than wall time, because on a shared machine the process may wait for a core
 * for most of the wall time; time slices lost to other processes do not count here.
 */
function usPerValue(ms: number, perPass: number, pass: () => void): number {
  let values = 0;
  const start = process.cpuUsage();
  const budgetUs = ms * 1000;
  let used = 0;
  while (used < budgetUs) {
    pass();
    values += perPass;
    const d = process.cpuUsage(start);
    used = d.user + d.system;
  }
  return used / values;
}

let sink = 0; // keeps results observable so no work is optimised away

/** The contenders of one workload and op: a function per kind returning µs per value. */
function contenders(w: AnchorWorkload, op: Op, ms: number): Partial<Record<Kind, () => number>> {
  const vals = w.values;
  const n = vals.length;
  const pvals = vals.map(plain);
  const mpEnc = new MsgpackEncoder();
  const mpDec = new MsgpackDecoder();
  const out: Partial<Record<Kind, () => number>> = {};
  const floorBuf = Buffer.allocUnsafe(1 << 20);
  if (op === 'encode') {
    const enc = new gob.Encoder();
    enc.encode(vals[0] as never, w.type); // type definitions
    out.gob = () => usPerValue(ms, n, () => { for (const v of vals) sink += enc.encode(v as never, w.type).length; });
    out.msgpack = () => usPerValue(ms, n, () => { for (const v of pvals) sink += mpEnc.encode(v).length; });
    if (w.name !== 'bytes64k') out.JSON = () => usPerValue(ms, n, () => { for (const v of pvals) sink += JSON.stringify(v).length; });
    if (w.name === 'bytes64k') out.floor = () => usPerValue(ms, n, () => { for (const v of vals) sink += (v as Uint8Array).slice().length; });
    if (w.name === 'strings') {
      const te = new TextEncoder();
      out.floor = () =>
        usPerValue(ms, n, () => {
          for (const v of vals) {
            let at = 0;
            for (const s of v as string[]) at += te.encodeInto(s, floorBuf.subarray(at)).written;
            sink += at;
          }
        });
    }
    return out;
  }
  const enc = new gob.Encoder();
  const stream = Buffer.concat(vals.map((v) => enc.encode(v as never, w.type)));
  out.gob = () =>
    usPerValue(ms, n, () => {
      const dec = new gob.Decoder();
      dec.push(stream);
      while (dec.decode(w.type) !== gob.NEED_MORE) sink++;
      dec.end();
    });
  const packed = pvals.map((v) => mpEnc.encode(v));
  out.msgpack = () => usPerValue(ms, n, () => { for (const b of packed) sink += mpDec.decode(b) === undefined ? 0 : 1; });
  if (w.name !== 'bytes64k') {
    const texts = pvals.map((v) => JSON.stringify(v));
    out.JSON = () => usPerValue(ms, n, () => { for (const t of texts) sink += JSON.parse(t) === undefined ? 0 : 1; });
  }
  if (w.name === 'bytes64k') out.floor = () => usPerValue(ms, n, () => { for (const v of vals) sink += (v as Uint8Array).slice().length; });
  if (w.name === 'strings') {
    let at = 0;
    const spans: [number, number][] = [];
    for (const s of vals[0] as string[]) spans.push([at, (at += floorBuf.write(s, at))]);
    out.floor = () =>
      usPerValue(ms, n, () => {
        for (let i = 0; i < n; i++) for (const [a, b] of spans) sink += floorBuf.toString('utf8', a, b).length;
      });
  }
  return out;
}

/** A margin to keep: gob at least `min`× faster than `than` on `workload` `op` (median of paired rounds). */
interface Guard {
  readonly workload: string;
  readonly op: Op;
  readonly than: Exclude<Kind, 'gob'>;
  readonly min: number;
  /** What was measured by hand for issue 16 (µs per value, or the ratio). */
  readonly measured: string;
}

/**
 * The issue-16 margins (measured by hand, wall clock, quieter machine), each guarded with
 * headroom for a loaded machine. Two were not reproduced by this benchmark's CPU-time
 * measurement (see RESULTS.md), so their guards sit below the margin it does reproduce:
 * small decode vs JSON (1.5–1.8× here) and a 64 KiB `[]byte` encode vs a plain `slice()` copy
 * (0.8× here: gob's encode is one such copy plus a header, so it cannot undercut it).
 */
export const GUARDS: readonly Guard[] = [
  { workload: 'small', op: 'encode', than: 'msgpack', min: 2.5, measured: '4.3×' },
  { workload: 'small', op: 'encode', than: 'JSON', min: 2.5, measured: '4.3×' },
  { workload: 'small', op: 'decode', than: 'msgpack', min: 2, measured: '2.6–3.4×' },
  { workload: 'small', op: 'decode', than: 'JSON', min: 1.3, measured: '2.6–3.4×' },
  { workload: 'strings', op: 'encode', than: 'msgpack', min: 3, measured: '5.8 vs 30.6 µs' },
  { workload: 'strings', op: 'encode', than: 'JSON', min: 1.1, measured: '5.8 vs 7.9 µs' },
  { workload: 'strings', op: 'encode', than: 'floor', min: 1.2, measured: '5.8 vs 9.8 µs (bare encodeInto)' },
  { workload: 'bytes64k', op: 'encode', than: 'floor', min: 0.6, measured: '5.1 vs 6.4 µs (plain copy)' },
];

/**
 * Measures every workload's anchors in `rounds` interleaved rounds of `ms` each, prints the
 * table and the guards. Returns false if a guard was missed.
 */
export async function anchorsTable(ws: readonly AnchorWorkload[], ms: number, rounds: number, load: LoadMonitor): Promise<boolean> {
  const kinds: Kind[] = ['gob', 'msgpack', 'JSON', 'floor'];
  const samples = new Map<string, Partial<Record<Kind, number[]>>>();
  console.log(`Node anchors: CPU µs per value, median (min–max) of ${rounds} interleaved rounds of ${ms} ms CPU each; ratio = other/gob per round, median (min–max)`);
  console.log('| workload | op | gob | msgpack | JSON | floor | msgpack/gob | JSON/gob | floor/gob |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const w of ws) {
    for (const op of ['encode', 'decode'] as const) {
      const s: Partial<Record<Kind, number[]>> = await interleave(rounds, contenders(w, op, ms) as Record<Kind, () => number>, () => load.sample());
      samples.set(`${w.name} ${op}`, s);
      const g = s.gob as number[];
      const cell = (k: Kind): string => (s[k] === undefined ? '–' : fmtSpread(s[k], 2));
      const ratio = (k: Kind): string => (s[k] === undefined ? '–' : fmtRatio(pairedRatio(s[k], g)).replace(/, \d+ rounds/, ''));
      console.log(`| ${w.name} | ${op} | ${kinds.map(cell).join(' | ')} | ${ratio('msgpack')} | ${ratio('JSON')} | ${ratio('floor')} |`);
    }
  }
  console.log(`(${load.summary()}; floor = plain copy for bytes64k, bare encodeInto / toString of the strings for strings; sink ${sink > 0 ? 'ok' : '0'})`);
  console.log('');
  console.log('Regression guards (issue 16 margins; gob faster than the other by at least min×, median of paired rounds):');
  let ok = true;
  for (const gd of GUARDS) {
    const s = samples.get(`${gd.workload} ${gd.op}`);
    const other = s?.[gd.than];
    if (s?.gob === undefined || other === undefined) throw new Error(`no samples for guard ${gd.workload} ${gd.op} ${gd.than}`);
    const r = pairedRatio(other, s.gob);
    const met = r.median >= gd.min;
    ok &&= met;
    console.log(`  ${gd.workload} ${gd.op} vs ${gd.than}: ${fmtRatio(r)}, guard ≥ ${gd.min}× (by hand for issue 16: ${gd.measured}) ${met ? 'MET' : 'MISSED'}`);
  }
  return ok;
}
