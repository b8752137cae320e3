/**
 * `npm run bench:gob [-- --ms 500 --reps 3 --batch 1000]`: encode and decode throughput of go-netrpc/gob versus Go's
 * encoding/gob (go-testbed/cmd/gobbench) on the same values, in one run, printing MB/s,
 * values/s and the TS/Go ratio per workload. Keep the workloads in sync with gobbench.
 *
 * encode: one Encoder whose type definitions were already sent encodes the batch repeatedly.
 * decode: a fresh Decoder per pass over the pre-encoded batch (definitions included).
 * encodeChunks (bytes64k only): like encode, with `Encoder.encodeChunks` (writev-ready chunks,
 * large []byte referenced instead of copied), compared with Go's Encode.
 *
 * Then what struct code generation buys: the struct workloads (small, nested) in two child
 * processes, identical but for `--disallow-code-generation-from-strings` in one (which makes the
 * codec use its closure-based struct functions); `reps` children of each kind, alternating, each
 * reporting its best of `reps` rounds; the best counts.
 *
 * Then what unknown-field preservation costs (`--unknown-only` runs just that part): decoding the
 * nested workload with a two-field descriptor (the other fields kept versus skipped), re-encoding
 * those partial values (kept fields sent back versus dropped), and encoding the full nested
 * values with the Encoder's preserved-field check on versus off.
 *
 * Then the Node anchors (gob-anchors.ts): gob next to @msgpack/msgpack, JSON and the bare JS
 * floor on the same values, with the issue-16 margins as regression guards (exit code 1 on a
 * miss). `--anchors-only` runs just that part. Every table is printed with the load average
 * sampled during its rounds (harness.ts).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { structCodegenAvailable } from '../../src/gob/struct-codegen.js';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { anchorsTable } from './gob-anchors.js';
import { LoadMonitor } from './harness.js';

interface Result {
  readonly workload: string;
  readonly op: 'encode' | 'decode' | 'encodeChunks';
  readonly values: number;
  readonly bytes: number;
  readonly ns: number;
}

const Small = gob.struct('Small', { A: gob.int, B: gob.string, C: gob.bool, D: gob.float64 });
const Item = gob.struct('Item', { Name: gob.string, Qty: gob.int, Price: gob.float64 });
const Nested = gob.struct('Nested', {
  ID: gob.int64,
  Name: gob.string,
  Tags: gob.slice(gob.string),
  Attrs: gob.map(gob.string, gob.int),
  Items: gob.slice(Item),
});

interface Workload {
  readonly name: string;
  readonly type: Descriptor;
  readonly values: readonly unknown[];
}

function workloads(batch: number): Workload[] {
  const small = [];
  const nested = [];
  for (let i = 0; i < batch; i++) {
    small.push({ A: i * 7919 - 500000, B: `name-${i}`, C: i % 2 === 0, D: i * 1.25 });
    nested.push({
      ID: i * 1000003,
      Name: `nested-${i}`,
      Tags: Array.from({ length: 5 }, (_, j) => `t${j}-${i}`),
      Attrs: new Map([['a', i], ['b', i + 1], ['c', i + 2]]),
      Items: Array.from({ length: 4 }, (_, j) => ({ Name: `item-${j}`, Qty: j + i, Price: j * 0.5 + i })),
    });
  }
  const big = new Uint8Array(64 << 10);
  for (let k = 0; k < big.length; k++) big[k] = (k * 31) & 255;
  const strs = Array.from({ length: 100 }, (_, k) => `string-value-${k}-abcdefghijklmnop`);
  return [
    { name: 'small', type: Small, values: small },
    { name: 'nested', type: Nested, values: nested },
    { name: 'bytes64k', type: gob.bytes, values: Array.from({ length: Math.floor(batch / 100) + 1 }, () => big) },
    { name: 'strings', type: gob.slice(gob.string), values: Array.from({ length: Math.floor(batch / 10) + 1 }, () => strs) },
  ];
}

function encode(w: Workload, ms: number): Result {
  const enc = new gob.Encoder();
  enc.encode(w.values[0] as never, w.type); // type definitions
  let values = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (const v of w.values) bytes += enc.encode(v as never, w.type).length;
    values += w.values.length;
  }
  return { workload: w.name, op: 'encode', values, bytes, ns: Number(process.hrtime.bigint() - start) };
}

/** encodeChunks: the same bytes as chunks for writev, large []byte referenced, not copied. */
function encodeChunks(w: Workload, ms: number): Result {
  const enc = new gob.Encoder();
  enc.encode(w.values[0] as never, w.type);
  let values = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    for (const v of w.values) for (const c of enc.encodeChunks(v as never, w.type)) bytes += c.length;
    values += w.values.length;
  }
  return { workload: w.name, op: 'encodeChunks', values, bytes, ns: Number(process.hrtime.bigint() - start) };
}

function decode(w: Workload, ms: number): Result {
  const enc = new gob.Encoder();
  const parts = w.values.map((v) => enc.encode(v as never, w.type));
  const stream = Buffer.concat(parts);
  let values = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    const dec = new gob.Decoder();
    dec.push(stream);
    while (dec.decode(w.type) !== gob.NEED_MORE) values++;
    dec.end();
    bytes += stream.length;
  }
  return { workload: w.name, op: 'decode', values, bytes, ns: Number(process.hrtime.bigint() - start) };
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

function best(a: Result | undefined, b: Result): Result {
  return a === undefined || b.values / b.ns > a.values / a.ns ? b : a;
}

/** Struct workloads compared with and without code generation. */
const STRUCT_WORKLOADS = ['small', 'nested'];

/** Child mode (`--codegen-child`): per struct workload, the best of `reps` encode and decode measurements, as JSON lines. */
function codegenChild(ms: number, batch: number, reps: number): void {
  for (const w of workloads(batch).filter((x) => STRUCT_WORKLOADS.includes(x.name))) {
    let enc: Result | undefined;
    let dec: Result | undefined;
    for (let rep = 0; rep < reps; rep++) {
      enc = best(enc, encode(w, ms));
      dec = best(dec, decode(w, ms));
    }
    for (const r of [enc, dec]) console.log(JSON.stringify({ ...r, codegen: structCodegenAvailable }));
  }
}

/** Table: struct workloads with generated code versus closures (each side in its own child process). */
function codegenTable(ms: number, batch: number, reps: number): string[][] {
  const self = fileURLToPath(import.meta.url);
  const bestOf = new Map<string, Result>();
  for (let rep = 0; rep < reps; rep++) {
    for (const mode of ['codegen', 'closures'] as const) {
      const flags = mode === 'closures' ? ['--disallow-code-generation-from-strings'] : [];
      const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', self, '--codegen-child', '--ms', String(ms), '--batch', String(batch), '--reps', String(reps)], {
        encoding: 'utf8',
        cwd: repoRoot,
      });
      for (const line of out.trim().split('\n')) {
        const r = JSON.parse(line) as Result & { codegen: boolean };
        if (r.codegen !== (mode === 'codegen')) throw new Error(`child ran with codegen=${r.codegen}, wanted ${mode}`);
        const key = `${mode} ${r.workload} ${r.op}`;
        bestOf.set(key, best(bestOf.get(key), r));
      }
    }
  }
  const rows = [['workload', 'op', 'codegen values/s', 'closures values/s', 'codegen/closures']];
  const vps = (r: Result): number => r.values / (r.ns / 1e9);
  for (const name of STRUCT_WORKLOADS) {
    for (const op of ['encode', 'decode']) {
      const g = bestOf.get(`codegen ${name} ${op}`);
      const c = bestOf.get(`closures ${name} ${op}`);
      if (!g || !c) throw new Error(`no ${name} ${op} codegen comparison`);
      rows.push([name, op, Math.round(vps(g)).toLocaleString('en-US'), Math.round(vps(c)).toLocaleString('en-US'), `${(vps(g) / vps(c)).toFixed(2)}×`]);
    }
  }
  return rows;
}

/** One measurement of the unknown-field table: `run` does one pass over the batch and returns its bytes. */
function timed(values: number, ms: number, run: () => number): { vps: number } {
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    run();
    n += values;
  }
  return { vps: n / (Number(process.hrtime.bigint() - start) / 1e9) };
}

/** Table: unknown-field preservation on versus off (decode with a partial descriptor, re-encode, full encode). */
function unknownFieldsTable(ms: number, batch: number, reps: number): string[][] {
  const w = workloads(batch).find((x) => x.name === 'nested') as Workload;
  const Partial = gob.struct('Nested', { ID: gob.int64, Name: gob.string });
  const enc0 = new gob.Encoder();
  const stream = Buffer.concat(w.values.map((v) => enc0.encode(v as never, w.type)));
  const decodeAll = (preserve: boolean): unknown[] => {
    const dec = new gob.Decoder({ preserveUnknownFields: preserve });
    dec.push(stream);
    const out: unknown[] = [];
    for (let v = dec.decode(Partial); v !== gob.NEED_MORE; v = dec.decode(Partial)) out.push(v);
    return out;
  };
  const kept = decodeAll(true);
  const encodeAll = (values: readonly unknown[], type: Descriptor, preserve: boolean): (() => number) => {
    const enc = new gob.Encoder({ preserveUnknownFields: preserve });
    enc.encode(values[0] as never, type);
    return () => {
      let b = 0;
      for (const v of values) b += enc.encode(v as never, type).length;
      return b;
    };
  };
  const cases: [string, () => number, () => number][] = [
    ['decode, 2 of 5 fields declared', () => decodeAll(true).length, () => decodeAll(false).length],
    ['re-encode those values', encodeAll(kept, Partial, true), encodeAll(kept, Partial, false)],
    ['encode, full descriptor', encodeAll(w.values, w.type, true), encodeAll(w.values, w.type, false)],
    // Same bytes on the wire both ways: what sending the kept fields back costs over declaring them.
    ['all 5 fields: kept vs declared', encodeAll(kept, Partial, true), encodeAll(w.values, w.type, true)],
  ];
  const rows = [['nested workload', 'on values/s', 'off values/s', 'on/off']];
  for (const [name, on, off] of cases) {
    let bestOn = 0;
    let bestOff = 0;
    for (let rep = 0; rep < reps; rep++) {
      bestOn = Math.max(bestOn, timed(batch, ms, on).vps);
      bestOff = Math.max(bestOff, timed(batch, ms, off).vps);
    }
    rows.push([name, Math.round(bestOn).toLocaleString('en-US'), Math.round(bestOff).toLocaleString('en-US'), `${(bestOn / bestOff).toFixed(2)}×`]);
  }
  return rows;
}

function printUnknownFields(ms: number, batch: number, reps: number): void {
  const load = new LoadMonitor();
  const rows = unknownFieldsTable(ms, batch, reps);
  console.log(`unknown-field preservation on versus off, best of ${reps} × ${ms} ms, batch ${batch} (${load.summary()}):`);
  printTable(rows);
  console.log('');
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main(): Promise<void> {
  const ms = arg('ms', 500);
  const batch = arg('batch', 1000);
  const reps = arg('reps', 3);
  if (process.argv.includes('--codegen-child')) {
    codegenChild(ms, batch, reps);
    return;
  }
  if (process.argv.includes('--unknown-only')) {
    printUnknownFields(ms, batch, reps);
    return;
  }
  if (process.argv.includes('--anchors-only')) {
    if (!(await anchorsTable(workloads(batch), Math.max(50, ms / 2), Math.max(5, reps), new LoadMonitor()))) process.exitCode = 1;
    return;
  }
  const load = new LoadMonitor();
  execFileSync('go', ['build', '-o', 'bin/', './cmd/gobbench'], { cwd: join(repoRoot, 'go-testbed'), stdio: 'inherit' });
  const rows: string[][] = [['workload', 'op', 'TS MB/s', 'Go MB/s', 'TS values/s', 'Go values/s', 'TS/Go']];
  for (const w of workloads(batch)) {
    // Go and TS alternate per workload and the best of `reps` rounds counts, so load from
    // other processes on the machine skews both sides alike.
    const bestOf = new Map<string, Result>();
    for (let rep = 0; rep < reps; rep++) {
      const goOut = execFileSync(goBin('gobbench'), ['-ms', String(ms), '-batch', String(batch), '-workload', w.name], { encoding: 'utf8' });
      for (const r of goOut.trim().split('\n').map((l) => JSON.parse(l) as Result)) bestOf.set(`go ${r.op}`, best(bestOf.get(`go ${r.op}`), r));
      for (const r of [encode(w, ms), decode(w, ms), ...(w.name === 'bytes64k' ? [encodeChunks(w, ms)] : [])]) {
        bestOf.set(`ts ${r.op}`, best(bestOf.get(`ts ${r.op}`), r));
      }
      load.sample();
    }
    for (const op of ['encode', 'encodeChunks', 'decode'] as const) {
      const ts = bestOf.get(`ts ${op}`);
      if (op === 'encodeChunks' && !ts) continue;
      const go = bestOf.get(`go ${op === 'encodeChunks' ? 'encode' : op}`);
      if (!ts || !go) throw new Error(`no ${w.name} ${op} result`);
      const mbs = (r: Result): number => r.bytes / 1e6 / (r.ns / 1e9);
      const vps = (r: Result): number => r.values / (r.ns / 1e9);
      rows.push([
        w.name,
        op,
        mbs(ts).toFixed(1),
        mbs(go).toFixed(1),
        Math.round(vps(ts)).toLocaleString('en-US'),
        Math.round(vps(go)).toLocaleString('en-US'),
        `${(vps(ts) / vps(go)).toFixed(2)}×`,
      ]);
    }
  }
  console.log(`gob throughput: best of ${reps} × ${ms} ms per measurement, batch ${batch} (Node ${process.version}; ${load.summary()})`);
  printTable(rows);
  console.log('');
  const cgLoad = new LoadMonitor();
  const cg = codegenTable(ms, batch, reps);
  console.log(`struct code generation (new Function) versus closures (--disallow-code-generation-from-strings), best of ${reps}×${reps} (${cgLoad.summary()}):`);
  printTable(cg);
  console.log('');
  printUnknownFields(ms, batch, reps);
  // Anchors: shorter measurements, more rounds (each contender alternates with the others).
  if (!(await anchorsTable(workloads(batch), Math.max(50, ms / 2), Math.max(5, reps), new LoadMonitor()))) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
