/**
 * Turns schemaless gob values (src/gob `decodeValue`) and msgpack values (src/msgpack `any`) into
 * JSON for the transcript, in the spirit of `go-netrpc gob dump`'s wire view: integers beyond
 * 2^53 as decimal strings, []byte as base64, maps as `[[key, value], …]` (msgpack maps with only
 * string keys as objects), interfaces as `{"$type", "$value"}`, GoTime and msgpack timestamps as
 * ISO text, other msgpack extensions as `{"$ext", "$data"}`. Long values are cut to `maxChars`
 * in text lines (JSON lines keep a bounded copy too).
 */
import { GoInterface, GoTime } from '../gob/index.js';
import { GoTimestamp, MsgpackExt } from '../msgpack/index.js';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MAX_ITEMS = 1000;
const MAX_DEPTH = 64;

function base64(b: Uint8Array): string {
  const shown = b.byteLength > 4096 ? b.subarray(0, 4096) : b;
  const text = Buffer.from(shown.buffer, shown.byteOffset, shown.byteLength).toString('base64');
  return b.byteLength > shown.byteLength ? `${text}…(${b.byteLength} bytes)` : text;
}

function floatJson(f: number): Json {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  return Object.is(f, -0) ? '-0' : f;
}

/** A msgpack timestamp as RFC 3339 UTC with Go's nanoseconds (seconds and nanos beyond Date's range). */
function timestampText(t: GoTimestamp): string {
  const ms = Number(t.seconds) * 1000;
  if (Math.abs(ms) > 8.64e15) return `${t.seconds}s+${t.nanos}ns`;
  const iso = new Date(ms).toISOString(); // …:SS.000Z
  return t.nanos === 0 ? iso.replace('.000Z', 'Z') : iso.replace(/\.000Z$/, `.${String(t.nanos).padStart(9, '0').replace(/0+$/, '')}Z`);
}

/** A schemaless value as bounded JSON (at most {@link MAX_ITEMS} items per collection). */
export function toJson(v: unknown, depth = 0): Json {
  if (depth > MAX_DEPTH) return '…';
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      return Number.isInteger(v) ? (Number.isSafeInteger(v) ? v : String(v)) : floatJson(v);
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    default:
      break;
  }
  if (v instanceof Uint8Array) return base64(v);
  if (v instanceof GoInterface) return { $type: v.name ?? '?', $value: toJson(v.value, depth + 1) };
  if (v instanceof GoTime) return String(v);
  if (v instanceof GoTimestamp) return timestampText(v);
  if (v instanceof MsgpackExt) return { $ext: v.type, $data: base64(v.data) };
  const more = (n: number): Json[] => (n > MAX_ITEMS ? [`…(${n - MAX_ITEMS} more)`] : []);
  if (Array.isArray(v)) return [...v.slice(0, MAX_ITEMS).map((e) => toJson(e, depth + 1)), ...more(v.length)];
  if (v instanceof Map) {
    const out: Json[] = [];
    for (const [k, e] of v) {
      if (out.length >= MAX_ITEMS) break;
      out.push([toJson(k, depth + 1), toJson(e, depth + 1)]);
    }
    return [...out, ...more(v.size)];
  }
  if (typeof v === 'object') {
    if ('real' in v && 'imag' in v && Object.keys(v).length === 2) {
      const c = v as { real: number; imag: number };
      return [floatJson(c.real), floatJson(c.imag)];
    }
    const out: { [key: string]: Json } = {};
    for (const [k, e] of Object.entries(v)) out[k] = toJson(e, depth + 1);
    return out;
  }
  return String(v);
}

/** One-line text of a value, cut to `maxChars`. */
export function toText(v: unknown, maxChars: number): string {
  const s = JSON.stringify(toJson(v));
  return s.length > maxChars ? `${s.slice(0, maxChars)}…(${s.length} chars)` : s;
}

/** A secret-looking value shortened for display (certificates, keys, long tokens). */
export function shortenSecret(value: string): string {
  if (value.length <= 40) return value;
  const first = value.split('\n')[0] ?? '';
  return `${first.slice(0, 32)}…(${value.length} chars)`;
}
