/**
 * A growable byte buffer with msgpack's primitive writes: markers, big-endian numbers, and the
 * container-length rule ugorji's `writeContainerLen` applies (fix form, then 8/16/32-bit).
 */
import * as M from './markers.js';

const utf8 = new TextEncoder();

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

export class Writer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** The bytes written so far (a copy), and resets for reuse. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  u8(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }
  u8u8(a: number, b: number): void {
    this.ensure(2);
    this.buf[this.pos++] = a;
    this.buf[this.pos++] = b & 0xff;
  }
  u16(marker: number, v: number): void {
    this.ensure(3);
    this.buf[this.pos] = marker;
    this.view.setUint16(this.pos + 1, v);
    this.pos += 3;
  }
  u32(marker: number, v: number): void {
    this.ensure(5);
    this.buf[this.pos] = marker;
    this.view.setUint32(this.pos + 1, v);
    this.pos += 5;
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
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** ugorji `writeContainerLen`. */
  containerLen(k: ContainerKind, n: number): void {
    if (k.fixCutoff > 0 && n < k.fixCutoff) this.u8(k.fixMin | n);
    else if (k.b8 > 0 && n < 256) this.u8u8(k.b8, n);
    else if (n < 65536) this.u16(k.b16, n);
    else this.u32(k.b32, n);
  }

  /** A Go string as str (length prefix + UTF-8). */
  str(s: string): void {
    const n = s.length;
    if (n < 32) {
      // Short ASCII (field names, most values): fixstr, one pass, no encoder call.
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
        buf[start] = 0xa0 | n;
        this.pos = start + 1 + n;
        return;
      }
    }
    // Worst case 3 bytes per UTF-16 unit; write the bytes after a 5-byte gap, then move if shorter.
    const max = s.length * 3;
    this.ensure(max + 5);
    const start = this.pos;
    const { written } = utf8.encodeInto(s, this.buf.subarray(start + 5, start + 5 + max));
    const header = written < 32 ? 1 : written < 256 ? 2 : written < 65536 ? 3 : 5;
    if (header !== 5) this.buf.copyWithin(start + header, start + 5, start + 5 + written);
    this.containerLen(STR, written);
    this.pos = start + header + written;
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
