/**
 * Decoding into Go `interface{}` (ugorji decode.go `kInterfaceNaked`), as JS by value.ts's
 * mapping: nil → null, bool, ints → number when safe else bigint, floats → number, str →
 * string, bin → Uint8Array, arrays, maps with only str keys → plain objects (others → Map),
 * extension −1 → GoTimestamp, other extensions → MsgpackExt.
 */
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import { isInt, type Reader } from './reader.js';
import { timestampAt } from './time.js';
import { MsgpackExt, type AnyValue } from './value.js';

/** Sets `obj[k] = v`, as an own property even for `__proto__`. */
export function setKey(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

/** Decodes one value as Go `interface{}`. */
export function readAny(r: Reader): AnyValue {
  const at = r.pos;
  const b = r.peek();
  if (b === M.NIL) {
    r.pos++;
    return null;
  }
  if (b === M.TRUE || b === M.FALSE) {
    r.pos++;
    return b === M.TRUE;
  }
  if (isInt(b)) return r.integer();
  if (b === M.FLOAT32 || b === M.FLOAT64) return r.float();
  if ((b >= M.FIXSTR && b < M.NIL) || (b >= M.STR8 && b <= M.STR32)) return r.utf8(r.rawLen(b));
  if (b >= M.BIN8 && b <= M.BIN32) {
    const n = r.rawLen(b);
    return r.copy(r.pos - n, r.pos);
  }
  const an = r.arrayLen(b);
  if (an >= 0) {
    r.enter();
    const out: AnyValue[] = [];
    for (let i = 0; i < an; i++) out.push(readAny(r));
    r.depth--;
    return out;
  }
  const mn = r.mapLen(b);
  if (mn >= 0) {
    r.enter();
    const out = anyMap(r, mn);
    r.depth--;
    return out;
  }
  const n = r.extLen(b);
  if (n >= 0) {
    const start = r.pos;
    r.pos = start + n;
    if (r.extType === M.TIMESTAMP_EXT) return timestampAt(r.buf, start, n, r.base + at);
    return new MsgpackExt(r.extType, r.copy(start, start + n));
  }
  throw new MsgpackError('CORRUPT', `invalid msgpack byte 0x${b.toString(16)}`, { offset: r.base + at });
}

function anyMap(r: Reader, n: number): AnyValue {
  const keys: AnyValue[] = [];
  const vals: AnyValue[] = [];
  let allStrings = true;
  for (let i = 0; i < n; i++) {
    const k = readAny(r);
    if (typeof k !== 'string') allStrings = false;
    keys.push(k);
    vals.push(readAny(r));
  }
  if (allStrings) {
    const out: { [k: string]: AnyValue } = {};
    for (let i = 0; i < n; i++) setKey(out, keys[i] as string, vals[i] as AnyValue);
    return out;
  }
  const m = new Map<AnyValue, AnyValue>();
  for (let i = 0; i < n; i++) m.set(keys[i] as AnyValue, vals[i] as AnyValue);
  return m;
}
