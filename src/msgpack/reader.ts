/**
 * The decoder's cursor over one contiguous input and msgpack's primitive reads (ugorji
 * msgpack.go `msgpackDecDriver`): container and str/bin lengths, integers of any width (a number
 * when safe, a bigint beyond), floats, UTF-8 strings, extension headers, skipping, and the
 * nesting-depth count. Every length is checked against the bytes remaining before anything is
 * allocated.
 */
import { MsgpackError } from './errors.js';
import { u16, u32 } from './bytes.js';
import * as M from './markers.js';
import { scan } from './scan.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Node's native latin1 decoding of a byte range (undocumented but long-standing; absent → TextDecoder). */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

/** Strings up to this many bytes are built in a JS loop (cheaper than a native call). */
const SHORT_STRING = 8;

/**
 * ASCII strings up to this many bytes go through {@link stringCache}: repeated values (method
 * names, keys, enum-like strings) come back as the string made the first time, without
 * allocating. A direct-mapped table of STRING_CACHE_SIZE slots (at most that many short strings
 * kept alive per process); a miss costs one hash and compare over bytes already being checked.
 */
const CACHED_STRING_MAX = 64;
const STRING_CACHE_SIZE = 4096;
const stringCache: string[] = new Array<string>(STRING_CACHE_SIZE).fill('');

/** Scratch memory for floats: bytes are copied in (reversed on little-endian hosts) and read as a float. */
const SCRATCH_F64 = new Float64Array(1);
const SCRATCH_F32 = new Float32Array(SCRATCH_F64.buffer, 0, 1);
const SCRATCH = new Uint8Array(SCRATCH_F64.buffer);
const BE = new Uint8Array(Uint16Array.of(1).buffer)[0] === 0;

/** What a marker byte starts, for error messages. */
export function describe(b: number): string {
  if (b <= M.POSFIXINT_MAX || b >= M.NEGFIXINT_MIN || (b >= M.UINT8 && b <= M.INT64)) return 'an integer';
  if (b === M.NIL) return 'nil';
  if (b === M.TRUE || b === M.FALSE) return 'a bool';
  if (b === M.FLOAT32 || b === M.FLOAT64) return 'a float';
  if ((b >= M.FIXSTR && b < M.NIL) || (b >= M.STR8 && b <= M.STR32)) return 'a str';
  if (b >= M.BIN8 && b <= M.BIN32) return 'a bin';
  if ((b >= M.FIXARRAY && b < M.FIXSTR) || b === M.ARRAY16 || b === M.ARRAY32) return 'an array';
  if ((b >= M.FIXMAP && b < M.FIXARRAY) || b === M.MAP16 || b === M.MAP32) return 'a map';
  if ((b >= M.EXT8 && b <= M.EXT32) || (b >= M.FIXEXT1 && b <= M.FIXEXT16)) return 'an extension';
  return `byte 0x${b.toString(16)}`;
}

/** True for every integer marker (fixints and 8…64-bit ints and uints). */
export function isInt(b: number): boolean {
  return b <= M.POSFIXINT_MAX || b >= M.NEGFIXINT_MIN || (b >= M.UINT8 && b <= M.INT64);
}

/** A 64-bit integer: a number when exactly representable as a safe integer, else a bigint. */
function u64(buf: Uint8Array, p: number, signed: boolean): number | bigint {
  const hi = u32(buf, p);
  const lo = u32(buf, p + 4);
  if (!signed || hi < 0x80000000) {
    if (hi < 0x200000) return hi * 0x100000000 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  // negative: value = (hi - 2^32) * 2^32 + lo
  const neg = (hi - 0x100000000) * 0x100000000 + lo;
  if (neg >= Number.MIN_SAFE_INTEGER) return neg;
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

/** Reads msgpack primitives from `buf[pos..end)`. */
export class Reader {
  /** Containers entered and not yet left. */
  depth = 0;
  /** Extension type of the last {@link extLen} that found one. */
  extType = 0;

  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
    readonly maxDepth: number,
    /** Offset of `buf[0]` in the whole input, for error messages. */
    readonly base = 0,
  ) {}

  eof(): never {
    throw new MsgpackError('UNEXPECTED_EOF', 'unexpected EOF', { offset: this.base + this.end });
  }

  need(n: number): void {
    if (this.pos + n > this.end) this.eof();
  }

  /** The marker byte at the cursor (not consumed). */
  peek(): number {
    if (this.pos >= this.end) this.eof();
    return this.buf[this.pos] as number;
  }

  mismatch(what: string, b: number, at: number): MsgpackError {
    return new MsgpackError('TYPE_MISMATCH', `cannot decode ${describe(b)} into ${what}`, { offset: this.base + at });
  }

  /** Enters a container: DEPTH_EXCEEDED beyond `maxDepth`. */
  enter(): void {
    if (++this.depth > this.maxDepth) throw new MsgpackError('DEPTH_EXCEEDED', `nesting deeper than ${this.maxDepth}`, { offset: this.base + this.pos });
  }

  /** Skips one value of any type. */
  skip(): void {
    const st = { pos: this.pos, remaining: 1 };
    if (!scan(this.buf, this.end, st, this.base)) this.eof();
    this.pos = st.pos;
  }

  /** True (and consumed) when the next bytes are exactly `k`, e.g. a struct field's name. */
  match(k: Uint8Array): boolean {
    const n = k.length;
    const p = this.pos;
    if (p + n > this.end) return false;
    const buf = this.buf;
    for (let i = 0; i < n; i++) if (buf[p + i] !== k[i]) return false;
    this.pos = p + n;
    return true;
  }

  /** Length of a str/bin at the cursor, consuming header and payload (cursor at payload end); −1 if not one. */
  rawLen(b: number): number {
    let n: number;
    const p = this.pos;
    if (b >= M.FIXSTR && b < M.NIL) {
      n = b & 0x1f;
      this.pos = p + 1;
    } else if (b === M.STR8 || b === M.BIN8) {
      this.need(2);
      n = this.buf[p + 1] as number;
      this.pos = p + 2;
    } else if (b === M.STR16 || b === M.BIN16) {
      this.need(3);
      n = u16(this.buf, p + 1);
      this.pos = p + 3;
    } else if (b === M.STR32 || b === M.BIN32) {
      this.need(5);
      n = u32(this.buf, p + 1);
      this.pos = p + 5;
    } else return -1;
    this.need(n);
    this.pos += n;
    return n;
  }

  #count(b: number, fix: number, b16: number, b32: number, perItem: number): number {
    let n: number;
    const p = this.pos;
    if (b >= fix && b < fix + 16) {
      n = b & 0x0f;
      this.pos = p + 1;
    } else if (b === b16) {
      this.need(3);
      n = u16(this.buf, p + 1);
      this.pos = p + 3;
    } else if (b === b32) {
      this.need(5);
      n = u32(this.buf, p + 1);
      this.pos = p + 5;
    } else return -1;
    // Each element takes at least one byte: never allocate for more than the input can hold.
    if (n * perItem > this.end - this.pos) throw new MsgpackError('UNEXPECTED_EOF', `container of ${n} elements in ${this.end - this.pos} bytes`, { offset: this.base + this.pos });
    return n;
  }

  /** Element count of an array at the cursor (header consumed); −1 if not an array. */
  arrayLen(b: number): number {
    return this.#count(b, M.FIXARRAY, M.ARRAY16, M.ARRAY32, 1);
  }

  /** Entry count of a map at the cursor (header consumed); −1 if not a map. */
  mapLen(b: number): number {
    return this.#count(b, M.FIXMAP, M.MAP16, M.MAP32, 2);
  }

  /** The `n` bytes before the cursor as a string (INVALID_UTF8 unless UTF-8). */
  utf8(n: number): string {
    const end = this.pos;
    const start = end - n;
    const buf = this.buf;
    if (n <= CACHED_STRING_MAX) {
      // Short ASCII: hash while checking, and reuse the string made last time for these bytes.
      let h = n;
      let i = start;
      for (; i < end; i++) {
        const c = buf[i] as number;
        if (c > 0x7f) break;
        h = (Math.imul(h, 31) + c) | 0;
      }
      if (i === end) {
        const slot = h & (STRING_CACHE_SIZE - 1);
        const hit = stringCache[slot] as string;
        if (hit.length === n) {
          let j = 0;
          while (j < n && hit.charCodeAt(j) === buf[start + j]) j++;
          if (j === n) return hit;
        }
        let s: string;
        if (n <= SHORT_STRING || latin1Slice === undefined) {
          s = '';
          for (let k = start; k < end; k++) s += String.fromCharCode(buf[k] as number);
        } else s = latin1Slice.call(buf, start, end);
        stringCache[slot] = s;
        return s;
      }
    } else if (latin1Slice !== undefined) {
      let i = start;
      while (i < end && (buf[i] as number) <= 0x7f) i++;
      if (i === end) return latin1Slice.call(buf, start, end);
    }
    try {
      return utf8.decode(buf.subarray(start, end));
    } catch (err) {
      throw new MsgpackError('INVALID_UTF8', 'str is not valid UTF-8', { offset: this.base + start, cause: err });
    }
  }

  /** A str or bin at the cursor as a string (`RawToString`); −1 case is the caller's: `what` names the Go type. */
  string(what: string): string {
    const at = this.pos;
    const b = this.peek();
    const n = this.rawLen(b);
    if (n < 0) throw this.mismatch(what, b, at);
    return this.utf8(n);
  }

  /** The float at the cursor (marker FLOAT32 or FLOAT64), big-endian bytes through a scratch array (no DataView). */
  float(): number {
    const buf = this.buf;
    const p = this.pos;
    if (buf[p] === M.FLOAT32) {
      this.need(5);
      for (let i = 0; i < 4; i++) SCRATCH[BE ? i : 3 - i] = buf[p + 1 + i] as number;
      this.pos = p + 5;
      return SCRATCH_F32[0] as number;
    }
    this.need(9);
    for (let i = 0; i < 8; i++) SCRATCH[BE ? i : 7 - i] = buf[p + 1 + i] as number;
    this.pos = p + 9;
    return SCRATCH_F64[0] as number;
  }

  /** The integer at the cursor (any integer marker): a number when safe, a bigint otherwise. */
  integer(): number | bigint {
    const b = this.peek();
    this.pos++;
    if (b <= M.POSFIXINT_MAX) return b;
    if (b >= M.NEGFIXINT_MIN) return b - 256;
    const buf = this.buf;
    const p = this.pos;
    const size = 1 << ((b - M.UINT8) & 3);
    this.need(size);
    this.pos += size;
    switch (b) {
      case M.UINT8:
        return buf[p] as number;
      case M.UINT16:
        return ((buf[p] as number) << 8) | (buf[p + 1] as number);
      case M.UINT32:
        return u32(buf, p);
      case M.UINT64:
        return u64(buf, p, false);
      case M.INT8:
        return ((buf[p] as number) << 24) >> 24;
      case M.INT16:
        return (((buf[p] as number) << 24) >> 16) | (buf[p + 1] as number);
      case M.INT32:
        return u32(buf, p) | 0;
      default:
        return u64(buf, p, true);
    }
  }

  /**
   * Length of an extension's data at the cursor, consuming its header and type (in
   * {@link extType}) and checking the data is all there; −1 (cursor unchanged) if not an extension.
   */
  extLen(b: number): number {
    let n: number;
    let head: number;
    const p = this.pos;
    if (b >= M.FIXEXT1 && b <= M.FIXEXT16) {
      n = 1 << (b - M.FIXEXT1);
      head = 1;
    } else if (b === M.EXT8) {
      this.need(2);
      n = this.buf[p + 1] as number;
      head = 2;
    } else if (b === M.EXT16) {
      this.need(3);
      n = u16(this.buf, p + 1);
      head = 3;
    } else if (b === M.EXT32) {
      this.need(5);
      n = u32(this.buf, p + 1);
      head = 5;
    } else return -1;
    this.need(head + 1 + n);
    this.extType = ((this.buf[p + head] as number) << 24) >> 24;
    this.pos = p + head + 1;
    return n;
  }

  /** A plain Uint8Array copy of `buf[from..to)` (never a view into a reused input buffer, never a Buffer). */
  copy(from: number, to: number): Uint8Array {
    const n = to - from;
    const out = new Uint8Array(n);
    if (n <= 16) for (let i = 0; i < n; i++) out[i] = this.buf[from + i] as number;
    else out.set(this.buf.subarray(from, to));
    return out;
  }
}
