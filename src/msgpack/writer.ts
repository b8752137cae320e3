/**
 * The output memory of the msgpack encoder (slabs that encoded values are handed out from) with
 * msgpack's primitive writes: markers, big-endian numbers, the container-length rule
 * ugorji's `writeContainerLen` applies (fix form, then 8/16/32-bit), integers in ugorji's
 * smallest form (msgpack.go `EncodeInt`/`EncodeUint`), strings and extension headers.
 * Integers within the JS safe range are written without BigInt.
 */
import { MsgpackError } from './errors.js';
import * as M from './markers.js';

/** Node's Buffer UTF-8 writer (what `buf.write(s, offset, length, 'utf8')` calls), over a slab. */
interface NativeUtf8 {
  utf8Write(s: string, offset: number, length: number): number;
}

function nativeOver(buf: Uint8Array): NativeUtf8 {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as NativeUtf8;
}

/** Bytes of the str header for a payload of `n` bytes (fixstr, str8, str16, str32). */
/** Strings shorter than this (all fixstr) are tried as ASCII in a JS loop: cheaper than the native call up to about here. */
const ASCII_LOOP_MAX = 32;
function headerLen(n: number): number {
  return n < 32 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
}

/** Length-prefix markers of one container kind (ugorji `msgpackContainerType`). */
export interface ContainerKind {
  /** Lengths below this use the fix form (0 = none). */
  readonly fixCutoff: number;
  readonly fixMin: number;
  /** 0 = no 8-bit form. */
  readonly b8: number;
  readonly b16: number;
  readonly b32: number;
}

export const STR: ContainerKind = { fixCutoff: 32, fixMin: M.FIXSTR, b8: M.STR8, b16: M.STR16, b32: M.STR32 };
export const BIN: ContainerKind = { fixCutoff: 0, fixMin: 0, b8: M.BIN8, b16: M.BIN16, b32: M.BIN32 };
export const ARRAY: ContainerKind = { fixCutoff: 16, fixMin: M.FIXARRAY, b8: 0, b16: M.ARRAY16, b32: M.ARRAY32 };
export const MAP: ContainerKind = { fixCutoff: 16, fixMin: M.FIXMAP, b8: 0, b16: M.MAP16, b32: M.MAP32 };

/**
 * Bytes of the slabs encoded values are written into and handed out from as views (a retained
 * small result keeps its slab alive, as gob's encoder and Node's Buffer pool do).
 */
export const SLAB_BYTES = 64 * 1024;

/**
 * Output memory: values are written one after another into a slab, and {@link take} hands each
 * out as a view that is never written again — no copy and, for most values, no allocation beyond
 * the view (V8 allocates any typed array over 64 bytes outside its heap, which costs more than
 * encoding a small struct). A value that outgrows the slab moves to a larger buffer, and is
 * copied out at the end so that buffer is not pinned by later small results.
 */
export class Writer {
  buf: Uint8Array;
  view: DataView;
  #native: NativeUtf8;
  /** Where the value being written starts in `buf`. */
  start = 0;
  pos = 0;

  constructor(
    /** Deepest value nesting accepted (containers check it before writing their elements). */
    readonly maxDepth: number,
    readonly slabBytes = SLAB_BYTES,
  ) {
    this.buf = new Uint8Array(slabBytes);
    this.view = new DataView(this.buf.buffer);
    this.#native = nativeOver(this.buf);
  }

  /** Room for `n` more bytes of the current value. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const used = this.pos - this.start;
    const size = Math.max(this.slabBytes, 2 * (used + n));
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(this.start, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.#native = nativeOver(next);
    this.start = 0;
    this.pos = used;
  }

  /** Drops what was written of the current value (after an error). */
  discard(): void {
    this.pos = this.start;
  }

  /** The current value's bytes; the next value is written after them. */
  take(): Uint8Array {
    const { buf, start, pos } = this;
    if (buf.length > this.slabBytes) {
      // A large value: copy it out and go back to a normal slab.
      const out = buf.slice(start, pos);
      this.buf = new Uint8Array(this.slabBytes);
      this.view = new DataView(this.buf.buffer);
      this.#native = nativeOver(this.buf);
      this.start = this.pos = 0;
      return out;
    }
    this.start = pos;
    return new Uint8Array(buf.buffer, start, pos - start);
  }

  /** Throws DEPTH_EXCEEDED when elements of a container at `depth` would nest too deep. */
  tooDeep(): never {
    throw new MsgpackError('DEPTH_EXCEEDED', `value nesting deeper than ${this.maxDepth}`);
  }

  u8(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }
  u8u8(a: number, b: number): void {
    this.ensure(2);
    this.buf[this.pos++] = a;
    this.buf[this.pos++] = b & 0xff;
  }
  u16(marker: number, v: number): void {
    this.ensure(3);
    const p = this.pos;
    const buf = this.buf;
    buf[p] = marker;
    buf[p + 1] = v >>> 8;
    buf[p + 2] = v & 0xff;
    this.pos = p + 3;
  }
  u32(marker: number, v: number): void {
    this.ensure(5);
    const p = this.pos;
    const buf = this.buf;
    buf[p] = marker;
    buf[p + 1] = v >>> 24;
    buf[p + 2] = (v >>> 16) & 0xff;
    buf[p + 3] = (v >>> 8) & 0xff;
    buf[p + 4] = v & 0xff;
    this.pos = p + 5;
  }
  /** A marker and 8 bytes from a safe integer (two's complement when negative). */
  u64num(marker: number, v: number): void {
    const hi = Math.floor(v / 4294967296);
    const lo = v - hi * 4294967296;
    this.ensure(9);
    this.buf[this.pos] = marker;
    this.view.setUint32(this.pos + 1, hi >>> 0);
    this.view.setUint32(this.pos + 5, lo >>> 0);
    this.pos += 9;
  }
  u64(marker: number, v: bigint): void {
    this.ensure(9);
    this.buf[this.pos] = marker;
    this.view.setBigUint64(this.pos + 1, BigInt.asUintN(64, v));
    this.pos += 9;
  }
  f32(v: number): void {
    this.ensure(5);
    this.buf[this.pos] = M.FLOAT32;
    this.view.setFloat32(this.pos + 1, v);
    this.pos += 5;
  }
  f64(v: number): void {
    this.ensure(9);
    this.buf[this.pos] = M.FLOAT64;
    this.view.setFloat64(this.pos + 1, v);
    this.pos += 9;
  }
  raw(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    if (n <= 16) {
      // Short copies (field names, headers): a loop beats TypedArray#set's call overhead.
      const buf = this.buf;
      const p = this.pos;
      for (let i = 0; i < n; i++) buf[p + i] = b[i] as number;
    } else this.buf.set(b, this.pos);
    this.pos += n;
  }

  /** ugorji `writeContainerLen`. */
  containerLen(k: ContainerKind, n: number): void {
    if (k.fixCutoff > 0 && n < k.fixCutoff) this.u8(k.fixMin | n);
    else if (k.b8 > 0 && n < 256) this.u8u8(k.b8, n);
    else if (n < 65536) this.u16(k.b16, n);
    else this.u32(k.b32, n);
  }

  /** A Go string as str (length prefix + UTF-8; lone surrogates become U+FFFD, as `TextEncoder` does). */
  str(s: string): void {
    const n = s.length;
    if (n < ASCII_LOOP_MAX) {
      // Short ASCII (field names, most values): fixstr header and bytes in one pass, no native call.
      this.ensure(n + 1);
      const buf = this.buf;
      const start = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        buf[start + 1 + i] = c;
      }
      if (i === n) {
        buf[start] = M.FIXSTR | n;
        this.pos = start + 1 + n;
        return;
      }
    }
    // Node's native UTF-8 writer, after a header sized for the ASCII case (moved if it was not).
    const max = n * 3;
    const guess = headerLen(n);
    this.ensure(max + 5);
    const start = this.pos;
    const written = this.#native.utf8Write(s, start + guess, max);
    const header = headerLen(written);
    if (header !== guess) this.buf.copyWithin(start + header, start + guess, start + guess + written);
    this.containerLen(STR, written);
    this.pos = start + header + written;
  }

  /** ugorji `EncodeUint` of a non-negative safe integer. */
  uintNum(i: number): void {
    if (i <= 127) this.u8(i);
    else if (i <= 255) this.u8u8(M.UINT8, i);
    else if (i <= 65535) this.u16(M.UINT16, i);
    else if (i <= 4294967295) this.u32(M.UINT32, i);
    else this.u64num(M.UINT64, i);
  }

  /** ugorji 1.2 `EncodeInt` of a safe integer: signed markers above 127 (the 2015 dialect calls {@link uintNum} for i ≥ 0). */
  intNum(i: number): void {
    if (i > 127) {
      if (i <= 32767) this.u16(M.INT16, i);
      else if (i <= 2147483647) this.u32(M.INT32, i);
      else this.u64num(M.INT64, i);
    } else if (i >= -32) this.u8(i & 0xff);
    else if (i >= -128) this.u8u8(M.INT8, i & 0xff);
    else if (i >= -32768) this.u16(M.INT16, i & 0xffff);
    else if (i >= -2147483648) this.u32(M.INT32, i >>> 0);
    else this.u64num(M.INT64, i);
  }

  /** {@link uintNum} for any uint64 as a bigint. */
  uintBig(i: bigint): void {
    if (i <= 0xffffffffn) this.uintNum(Number(i));
    else this.u64(M.UINT64, i);
  }

  /** {@link intNum} for any int64 as a bigint. */
  intBig(i: bigint): void {
    if (i >= -2147483648n && i <= 2147483647n) this.intNum(Number(i));
    else this.u64(M.INT64, i);
  }

  /** ugorji `encodeExtPreamble`. */
  extHeader(type: number, n: number): void {
    if (n === 1) this.u8u8(M.FIXEXT1, type);
    else if (n === 2) this.u8u8(M.FIXEXT2, type);
    else if (n === 4) this.u8u8(M.FIXEXT4, type);
    else if (n === 8) this.u8u8(M.FIXEXT8, type);
    else if (n === 16) this.u8u8(M.FIXEXT16, type);
    else if (n < 256) {
      this.u8u8(M.EXT8, n);
      this.u8(type & 0xff);
    } else if (n < 65536) {
      this.u16(M.EXT16, n);
      this.u8(type & 0xff);
    } else {
      this.u32(M.EXT32, n);
      this.u8(type & 0xff);
    }
  }
}

/** The str bytes (header + UTF-8) of `s` as ugorji writes them, e.g. a struct field name. */
export function strBytes(s: string): Uint8Array {
  const w = new Writer(Number.MAX_SAFE_INTEGER, s.length * 3 + 5);
  w.str(s);
  return w.take();
}
