/**
 * Schema-driven msgpack decoder (ugorji decode.go / msgpack.go `msgpackDecDriver` semantics):
 * accepts either ugorji dialect, struct fields in any order (unknown ones skipped, missing ones
 * left at Go's zero value), str and bin interchangeably for strings and `[]byte`
 * (`RawToString`), both `time.Time` encodings, and nil for any type (Go's zero value).
 * Every length is checked against the bytes remaining before anything is allocated.
 */
import { DEFAULT_MAX_DEPTH, zeroOf } from './encoder.js';
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import type { MsgpackType, StructType } from './schema.js';
import { scan } from './scan.js';
import { timestampFromExt, unmarshalTimeBinary, type GoTimestamp } from './time.js';
import { MsgpackExt, type AnyValue } from './value.js';

/** Options of decoding. */
export interface DecoderOptions {
  /** Deepest nesting accepted (Go ugorji `MaxDepth` default 1024). */
  readonly maxDepth?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function mismatch(what: string, b: number, at: number): MsgpackError {
  return new MsgpackError('TYPE_MISMATCH', `cannot decode ${describe(b)} into ${what}`, { offset: at });
}

function describe(b: number): string {
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

/** Reads values of known Go types from one contiguous buffer. */
export class Reader {
  #view: DataView | undefined;
  depth = 0;

  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
    readonly maxDepth: number = DEFAULT_MAX_DEPTH,
    /** Offset of `buf[0]` in the whole input, for error messages. */
    readonly base = 0,
  ) {
  }

  /** A DataView over the input, made on first use (most values never need one). */
  get view(): DataView {
    return (this.#view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  #need(n: number): void {
    if (this.pos + n > this.end) throw new MsgpackError('UNEXPECTED_EOF', 'unexpected EOF', { offset: this.base + this.end });
  }

  #byte(): number {
    this.#need(1);
    return this.buf[this.pos++] as number;
  }

  /** Skips one value of any type. */
  skip(): void {
    const st = { pos: this.pos, remaining: 1 };
    if (!scan(this.buf, this.end, st, this.base)) throw new MsgpackError('UNEXPECTED_EOF', 'unexpected EOF', { offset: this.base + this.end });
    this.pos = st.pos;
  }

  /** Decodes one value as Go type `t`. */
  read(t: MsgpackType): unknown {
    const at = this.pos;
    this.#need(1);
    const b = this.buf[at] as number;
    if (b === M.NIL) {
      this.pos++;
      return zeroOf(t);
    }
    switch (t.kind) {
      case 'int':
      case 'uint': {
        if (!isInt(b)) throw mismatch(t.goName, b, this.base + at);
        const v = this.#integer();
        if (typeof v === 'number') {
          const lo = t.kind === 'int' ? INT_MIN[t.bits] : 0;
          const hi = t.kind === 'int' ? INT_MAX[t.bits] : UINT_MAX[t.bits];
          if (v >= lo && v <= hi) return t.bigint ? BigInt(v) : v;
        }
        const bits = BigInt(t.bits);
        const [min, max] = t.kind === 'int' ? [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n] : [0n, (1n << bits) - 1n];
        const big = typeof v === 'bigint' ? v : BigInt(v);
        if (big < min || big > max) throw new MsgpackError('OUT_OF_RANGE', `${big} overflows ${t.goName}`, { offset: this.base + at });
        if (t.bigint) return big;
        if (typeof v === 'bigint') throw new MsgpackError('OUT_OF_RANGE', `${t.goName} ${v} does not fit a JS number exactly (use the bigint variant)`, { offset: this.base + at });
        return v;
      }
      case 'float':
        if (b === M.FLOAT32 || b === M.FLOAT64) return this.#float();
        if (isInt(b)) return Number(this.#integer());
        throw mismatch(`float${t.bits}`, b, this.base + at);
      case 'bool':
        if (b !== M.TRUE && b !== M.FALSE) throw mismatch('bool', b, this.base + at);
        this.pos++;
        return b === M.TRUE;
      case 'string': {
        const n = this.#rawLen(b);
        if (n < 0) throw mismatch('string', b, this.base + at);
        return this.#utf8(n);
      }
      case 'bytes': {
        const n = this.#rawLen(b);
        if (n < 0) throw mismatch('[]byte', b, this.base + at);
        return copyBytes(this.buf, this.pos - n, this.pos);
      }
      case 'time':
        return this.#time(b, at);
      case 'any':
        return this.#nested(() => this.readAny());
      case 'ptr':
        return this.read(t.elem);
      case 'slice': {
        const n = this.#arrayLen(b);
        if (n < 0) throw mismatch('slice', b, this.base + at);
        return this.#nested(() => {
          const out: unknown[] = [];
          for (let i = 0; i < n; i++) out.push(this.read(t.elem));
          return out;
        });
      }
      case 'map': {
        const n = this.#mapLen(b);
        if (n < 0) throw mismatch('map', b, this.base + at);
        return this.#nested(() => {
          const out: Record<string, unknown> = {};
          for (let i = 0; i < n; i++) setKey(out, this.#key(), this.read(t.elem));
          return out;
        });
      }
      case 'struct':
        return this.#struct(t, b, at);
    }
  }

  #struct(t: StructType, b: number, at: number): unknown {
    const n = this.#mapLen(b);
    if (n < 0) throw mismatch(`struct ${t.name}`, b, this.base + at);
    return this.#nested(() => {
      const out = zeroOf(t) as Record<string, unknown>;
      for (let i = 0; i < n; i++) {
        const k = this.#key();
        const ft = Object.prototype.hasOwnProperty.call(t.fields, k) ? t.fields[k] : undefined;
        if (ft === undefined) this.skip();
        else out[k] = this.read(ft);
      }
      return out;
    });
  }

  /** A map key that must be a string (str or bin). */
  #key(): string {
    const at = this.pos;
    this.#need(1);
    const b = this.buf[at] as number;
    const n = this.#rawLen(b);
    if (n < 0) throw mismatch('a string map key', b, this.base + at);
    return this.#utf8(n);
  }

  #nested<T>(f: () => T): T {
    if (++this.depth > this.maxDepth) throw new MsgpackError('DEPTH_EXCEEDED', `nesting deeper than ${this.maxDepth}`, { offset: this.base + this.pos });
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  /** Decodes one value as Go `interface{}` (value.ts's mapping). */
  readAny(): AnyValue {
    const at = this.pos;
    const b = this.#byte();
    this.pos = at;
    if (b === M.NIL) {
      this.pos++;
      return null;
    }
    if (b === M.TRUE || b === M.FALSE) {
      this.pos++;
      return b === M.TRUE;
    }
    if (isInt(b)) return this.#integer();
    if (b === M.FLOAT32 || b === M.FLOAT64) return this.#float();
    if ((b >= M.FIXSTR && b < M.NIL) || (b >= M.STR8 && b <= M.STR32)) return this.#utf8(this.#rawLen(b));
    if (b >= M.BIN8 && b <= M.BIN32) {
      const n = this.#rawLen(b);
      return copyBytes(this.buf, this.pos - n, this.pos);
    }
    const an = this.#arrayLen(b);
    if (an >= 0) {
      return this.#nested(() => {
        const out: AnyValue[] = [];
        for (let i = 0; i < an; i++) out.push(this.readAny());
        return out;
      });
    }
    const mn = this.#mapLen(b);
    if (mn >= 0) return this.#nested(() => this.#anyMap(mn));
    const ext = this.#ext(b);
    if (ext !== undefined) return ext.type === M.TIMESTAMP_EXT ? timestampFromExt(ext.data, this.base + at) : ext;
    throw new MsgpackError('CORRUPT', `invalid msgpack byte 0x${b.toString(16)}`, { offset: this.base + at });
  }

  #anyMap(n: number): AnyValue {
    const keys: AnyValue[] = [];
    const vals: AnyValue[] = [];
    let allStrings = true;
    for (let i = 0; i < n; i++) {
      const k = this.readAny();
      if (typeof k !== 'string') allStrings = false;
      keys.push(k);
      vals.push(this.readAny());
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

  #time(b: number, at: number): GoTimestamp | null {
    const ext = this.#ext(b);
    if (ext !== undefined) {
      if (ext.type !== M.TIMESTAMP_EXT) throw new MsgpackError('TYPE_MISMATCH', `cannot decode extension ${ext.type} into time.Time`, { offset: this.base + at });
      return timestampFromExt(ext.data, this.base + at);
    }
    const n = this.#rawLen(b);
    if (n < 0) throw mismatch('time.Time', b, this.base + at);
    return unmarshalTimeBinary(this.buf.subarray(this.pos - n, this.pos), this.base + at);
  }

  /** Reads an extension at the cursor, or returns undefined (cursor unchanged) if `b` is none. */
  #ext(b: number): MsgpackExt | undefined {
    let n: number;
    let head: number;
    if (b >= M.FIXEXT1 && b <= M.FIXEXT16) {
      n = 1 << (b - M.FIXEXT1);
      head = 1;
    } else if (b === M.EXT8) {
      this.#need(2);
      n = this.buf[this.pos + 1] as number;
      head = 2;
    } else if (b === M.EXT16) {
      this.#need(3);
      n = this.view.getUint16(this.pos + 1);
      head = 3;
    } else if (b === M.EXT32) {
      this.#need(5);
      n = this.view.getUint32(this.pos + 1);
      head = 5;
    } else return undefined;
    this.#need(head + 1 + n);
    const type = this.view.getInt8(this.pos + head);
    const start = this.pos + head + 1;
    this.pos = start + n;
    return new MsgpackExt(type, copyBytes(this.buf, start, start + n));
  }

  /** Length of a str/bin at the cursor, consuming header and payload (cursor at payload end); −1 if not one. */
  #rawLen(b: number): number {
    let n: number;
    if (b >= M.FIXSTR && b < M.NIL) {
      n = b & 0x1f;
      this.pos += 1;
    } else if (b === M.STR8 || b === M.BIN8) {
      this.#need(2);
      n = this.buf[this.pos + 1] as number;
      this.pos += 2;
    } else if (b === M.STR16 || b === M.BIN16) {
      this.#need(3);
      n = this.view.getUint16(this.pos + 1);
      this.pos += 3;
    } else if (b === M.STR32 || b === M.BIN32) {
      this.#need(5);
      n = this.view.getUint32(this.pos + 1);
      this.pos += 5;
    } else return -1;
    this.#need(n);
    this.pos += n;
    return n;
  }

  #count(b: number, fix: number, b16: number, b32: number, perItem: number): number {
    let n: number;
    if (b >= fix && b < fix + 16) {
      n = b & 0x0f;
      this.pos += 1;
    } else if (b === b16) {
      this.#need(3);
      n = this.view.getUint16(this.pos + 1);
      this.pos += 3;
    } else if (b === b32) {
      this.#need(5);
      n = this.view.getUint32(this.pos + 1);
      this.pos += 5;
    } else return -1;
    // Each element takes at least one byte: never allocate for more than the input can hold.
    if (n * perItem > this.end - this.pos) throw new MsgpackError('UNEXPECTED_EOF', `container of ${n} elements in ${this.end - this.pos} bytes`, { offset: this.base + this.pos });
    return n;
  }

  #arrayLen(b: number): number {
    return this.#count(b, M.FIXARRAY, M.ARRAY16, M.ARRAY32, 1);
  }

  #mapLen(b: number): number {
    return this.#count(b, M.FIXMAP, M.MAP16, M.MAP32, 2);
  }

  #utf8(n: number): string {
    const start = this.pos - n;
    const buf = this.buf;
    if (n < 48) {
      let s = '';
      let i = start;
      for (; i < this.pos; i++) {
        const c = buf[i] as number;
        if (c > 0x7f) break;
        s += String.fromCharCode(c);
      }
      if (i === this.pos) return s;
    }
    try {
      return utf8.decode(buf.subarray(start, this.pos));
    } catch (err) {
      throw new MsgpackError('INVALID_UTF8', 'str is not valid UTF-8', { offset: this.base + start, cause: err });
    }
  }

  #float(): number {
    const b = this.#byte();
    if (b === M.FLOAT32) {
      this.#need(4);
      const v = this.view.getFloat32(this.pos);
      this.pos += 4;
      return v;
    }
    this.#need(8);
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  /** An integer of any width: number when safe, bigint otherwise. */
  #integer(): number | bigint {
    const b = this.#byte();
    if (b <= M.POSFIXINT_MAX) return b;
    if (b >= M.NEGFIXINT_MIN) return b - 256;
    const buf = this.buf;
    const p = this.pos;
    const size = 1 << ((b - M.UINT8) & 3);
    this.#need(size);
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
}

/** A plain Uint8Array copy (never a view into a reused input buffer, never a Buffer). */
function copyBytes(buf: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from);
  out.set(buf.subarray(from, to));
  return out;
}

const INT_MIN: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: -128, 16: -32768, 32: -2147483648, 64: Number.MIN_SAFE_INTEGER };
const INT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 127, 16: 32767, 32: 2147483647, 64: Number.MAX_SAFE_INTEGER };
const UINT_MAX: Readonly<Record<8 | 16 | 32 | 64, number>> = { 8: 255, 16: 65535, 32: 4294967295, 64: Number.MAX_SAFE_INTEGER };

function u32(buf: Uint8Array, p: number): number {
  return ((buf[p] as number) * 0x1000000 + (((buf[p + 1] as number) << 16) | ((buf[p + 2] as number) << 8) | (buf[p + 3] as number))) >>> 0;
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

function isInt(b: number): boolean {
  return b <= M.POSFIXINT_MAX || b >= M.NEGFIXINT_MIN || (b >= M.UINT8 && b <= M.INT64);
}

function setKey(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

/**
 * Decodes exactly one value of Go type `type` from `bytes`.
 * @throws MsgpackError on malformed input, a type mismatch, or trailing bytes.
 */
export function decode(type: MsgpackType, bytes: Uint8Array, options: DecoderOptions = {}): unknown {
  if (!(bytes instanceof Uint8Array)) throw new MsgpackError('INVALID_ARGUMENT', 'decode needs a Uint8Array');
  const r = new Reader(bytes, 0, bytes.length, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const v = r.read(type);
  if (r.pos !== bytes.length) throw new MsgpackError('CORRUPT', `${bytes.length - r.pos} trailing bytes after the value`, { offset: r.pos });
  return v;
}
