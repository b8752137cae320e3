/**
 * The "wire view" JSON of gob values, printed by `go-netrpc gob dump --json` and used by the
 * conformance tests to compare with Go (go-testbed/internal/gobzoo/wire.go writes the same
 * mapping from Go values):
 *
 * - bool → `true`/`false`; integers → numbers when |v| ≤ 2^53−1, otherwise decimal strings;
 * - floats → numbers, or the strings `"NaN"`, `"+Inf"`, `"-Inf"`, `"-0"`; complex → `[re, im]`;
 * - strings → JSON strings; bytes that are not UTF-8 appear as U+DC80..U+DCFF (the codec's
 *   surrogate escape, written by JSON as `\udc80`…), so the Go bytes can be restored exactly;
 * - `[]byte` and GobEncoder/BinaryMarshaler payloads → base64 strings;
 * - arrays and slices → arrays; maps → `[[key, value], …]` sorted by the key's JSON;
 * - structs → objects with every field of the type; a field gob did not send (Go's zero-value
 *   omission) shows the wire zero: 0, false, "", [], or null for structs reached through nil
 *   pointers, marshalers and interfaces;
 * - interfaces → `null` or `{"$type": registered name, "$value": …}`.
 */
import type { Descriptor, GoComplex, Registry } from '../gob/index.js';
import { GoInterface } from '../gob/index.js';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function intJson(v: unknown): Json {
  if (typeof v === 'bigint') return v <= MAX_SAFE && v >= -MAX_SAFE ? Number(v) : v.toString();
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : String(v);
  return String(v);
}

function floatJson(v: unknown): Json {
  const f = Number(v);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (Object.is(f, -0)) return '-0';
  return f;
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** Orders map pairs by the JSON text of their keys (code-unit order). */
function comparePairs(a: Json, b: Json): number {
  const ka = JSON.stringify((a as Json[])[0]);
  const kb = JSON.stringify((b as Json[])[0]);
  if (ka !== kb) return ka < kb ? -1 : 1;
  const va = JSON.stringify((a as Json[])[1]);
  const vb = JSON.stringify((b as Json[])[1]);
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** True when Go's encoder would omit a struct field holding `v` (encode.go, sendZero=false). */
export function isOmitted(d: Descriptor, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (d.kind) {
    case 'named':
      return isOmitted(d.base, v);
    case 'bool':
      return v === false;
    case 'int':
    case 'uint':
      return v === 0 || v === 0n;
    case 'float':
      return v === 0;
    case 'complex':
      return (v as GoComplex).real === 0 && (v as GoComplex).imag === 0;
    case 'string':
      return v === '';
    case 'bytes':
    case 'slice':
      return (v as { length: number }).length === 0;
    case 'ptr': {
      const base = baseKind(d.elem);
      return base === 'struct' || base === 'array' ? false : isOmitted(d.elem, v);
    }
    case 'gobEncoder':
      return d.hooks.isZero?.(v) ?? false;
    default: // map (only nil), interface (only nil), array, struct: sent
      return false;
  }
}

function baseKind(d: Descriptor): string {
  let cur = d;
  for (let i = 0; i < 100 && (cur.kind === 'named' || cur.kind === 'ptr'); i++) cur = cur.kind === 'named' ? cur.base : cur.elem;
  return cur.kind;
}

/** What a receiver of an absent struct field of type `d` shows in the wire view. */
export function wireZero(d: Descriptor): Json {
  let cur = d;
  for (let i = 0; i < 100 && (cur.kind === 'named' || cur.kind === 'ptr'); i++) cur = cur.kind === 'named' ? cur.base : cur.elem;
  switch (cur.kind) {
    case 'bool':
      return false;
    case 'int':
    case 'uint':
    case 'float':
      return 0;
    case 'complex':
      return [0, 0];
    case 'string':
    case 'bytes':
      return '';
    case 'slice':
    case 'map':
      return [];
    default:
      return null;
  }
}

/** Converts a value of descriptor `d` to its wire-view JSON. */
export function toWireJson(d: Descriptor, v: unknown, registry?: Registry, depth = 0): Json {
  if (depth > 10_000) throw new RangeError('go-netrpc: value nested too deeply for JSON');
  const next = depth + 1;
  switch (d.kind) {
    case 'named':
      return toWireJson(d.base, v, registry, next);
    case 'ptr':
      return v === null || v === undefined ? null : toWireJson(d.elem, v, registry, next);
    case 'bool':
      return v === true;
    case 'int':
    case 'uint':
      return intJson(v);
    case 'float':
      return floatJson(v);
    case 'complex':
      return [floatJson((v as GoComplex).real), floatJson((v as GoComplex).imag)];
    case 'string':
      return String(v);
    case 'bytes':
      return base64(v as Uint8Array);
    case 'gobEncoder':
      return base64(d.hooks.encode(v));
    case 'slice':
    case 'array': {
      // A plain loop: one stack frame per nesting level (deep values reach far with it).
      const items = v as ArrayLike<unknown>;
      const out: Json[] = [];
      for (let i = 0; i < items.length; i++) out.push(toWireJson(d.elem, items[i], registry, next));
      return out;
    }
    case 'map': {
      const pairs: Json[] = [];
      for (const [k, e] of v as Map<unknown, unknown>) pairs.push([toWireJson(d.key, k, registry, next), toWireJson(d.elem, e, registry, next)]);
      return pairs.sort(comparePairs);
    }
    case 'interface': {
      if (v === null || v === undefined) return null;
      if (!(v instanceof GoInterface)) return { $type: '?', $value: null };
      const type = v.type ?? (v.name === null ? undefined : registry?.lookup(v.name));
      const name = v.name ?? (v.type === null ? undefined : registry?.nameOf(v.type)) ?? '?';
      return { $type: name, $value: type === undefined ? null : toWireJson(type, v.value, registry, next) };
    }
    case 'struct': {
      const out: { [key: string]: Json } = {};
      const obj = v as Record<string, unknown>;
      for (const f of d.fields) {
        const fv = obj[f.name];
        out[f.name] = isOmitted(f.type, fv) ? wireZero(f.type) : toWireJson(f.type, fv, registry, next);
      }
      return out;
    }
  }
}

/**
 * Re-sorts the map pairs of wire-view JSON produced elsewhere (Go sorts by its own JSON bytes)
 * into {@link comparePairs} order, walking `d` to find the maps.
 */
export function sortWireMaps(d: Descriptor, j: Json, registry?: Registry, depth = 0): Json {
  if (j === null || depth > 10_000) return j;
  const next = depth + 1;
  const sort = (t: Descriptor, x: Json): Json => sortWireMaps(t, x, registry, next);
  switch (d.kind) {
    case 'named':
      return sort(d.base, j);
    case 'ptr':
      return sort(d.elem, j);
    case 'slice':
    case 'array':
      return Array.isArray(j) ? j.map((e) => sort(d.elem, e)) : j;
    case 'map':
      return Array.isArray(j)
        ? j.map((p) => (Array.isArray(p) ? [sort(d.key, p[0] ?? null), sort(d.elem, p[1] ?? null)] : p)).sort(comparePairs)
        : j;
    case 'interface': {
      if (typeof j !== 'object' || Array.isArray(j)) return j;
      const name = j['$type'];
      const t = typeof name === 'string' ? registry?.lookup(name) : undefined;
      return t === undefined ? j : { $type: name ?? null, $value: sort(t, j['$value'] ?? null) };
    }
    case 'struct': {
      if (typeof j !== 'object' || Array.isArray(j)) return j;
      const out: { [key: string]: Json } = {};
      const byName = new Map<string, Descriptor>();
      for (const f of d.fields) if (!byName.has(f.name)) byName.set(f.name, f.type); // first wins, as find() did
      for (const [k, e] of Object.entries(j)) {
        const t = byName.get(k);
        out[k] = t ? sort(t, e) : e;
      }
      return out;
    }
    default:
      return j;
  }
}
