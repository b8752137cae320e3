/**
 * Growable output buffer with gob's scalar encodings (Go encode.go `encodeUint`, `encodeInt`,
 * `floatBits`, `encString`; encoder.go `writeMessage` with its reserved count prefix).
 *
 * The buffer grows by doubling and is reused between messages; a message is written after
 * `MAX_COUNT_LENGTH` reserved bytes so that its count can be filled in front of it at the end.
 */
import { MAX_COUNT_LENGTH } from './constants.js';
import { gobError } from './errors.js';
import { encodeGoStringInto } from './utf8.js';

const TWO32 = 4294967296;
const scratch = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratch.buffer);

/** Number of bytes `uint(n)` occupies. */
export function uintLength(n: number): number {
  if (n < 0x80) return 1;
  let k = 0;
  while (n >= 1) {
    n = Math.floor(n / 256);
    k++;
  }
  return k + 1;
}

export class Writer {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes sure `n` more bytes fit. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  reset(): void {
    this.pos = 0;
  }

  /** Starts a message: leaves room for its count. */
  beginMessage(): void {
    this.pos = MAX_COUNT_LENGTH;
  }

  /**
   * Writes the count of the message begun with {@link beginMessage} in front of it and returns
   * the offset where the framed message starts (it ends at `pos`).
   */
  frameMessage(maxMessageBytes: number): number {
    const len = this.pos - MAX_COUNT_LENGTH;
    if (len >= maxMessageBytes) throw gobError('TOO_BIG', `gob: encoder: message too big (${len} bytes, limit ${maxMessageBytes})`);
    const k = uintLength(len);
    const start = MAX_COUNT_LENGTH - k;
    const save = this.pos;
    this.pos = start;
    this.uint(len);
    this.pos = save;
    return start;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** gob `encodeUint` for a non-negative integer number that is exactly representable (< 2^64). */
  uint(n: number): void {
    if (n < 0x80) {
      if (this.pos >= this.buf.length) this.ensure(1);
      this.buf[this.pos++] = n;
      return;
    }
    this.ensure(9);
    const b = this.buf;
    if (n < TWO32) {
      if (n < 0x100) {
        b[this.pos++] = 0xff;
        b[this.pos++] = n;
      } else if (n < 0x10000) {
        b[this.pos++] = 0xfe;
        b[this.pos++] = n >>> 8;
        b[this.pos++] = n & 0xff;
      } else if (n < 0x1000000) {
        b[this.pos++] = 0xfd;
        b[this.pos++] = n >>> 16;
        b[this.pos++] = (n >>> 8) & 0xff;
        b[this.pos++] = n & 0xff;
      } else {
        b[this.pos++] = 0xfc;
        b[this.pos++] = n >>> 24;
        b[this.pos++] = (n >>> 16) & 0xff;
        b[this.pos++] = (n >>> 8) & 0xff;
        b[this.pos++] = n & 0xff;
      }
      return;
    }
    const hi = Math.floor(n / TWO32);
    const lo = n - hi * TWO32;
    this.uintParts(hi, lo);
  }

  /** `encodeUint` of `hi * 2^32 + lo` (both uint32). */
  uintParts(hi: number, lo: number): void {
    if (hi === 0) {
      this.uint(lo);
      return;
    }
    this.ensure(9);
    const b = this.buf;
    const hiBytes = hi < 0x100 ? 1 : hi < 0x10000 ? 2 : hi < 0x1000000 ? 3 : 4;
    b[this.pos++] = 256 - (hiBytes + 4);
    for (let i = hiBytes - 1; i >= 0; i--) b[this.pos++] = (hi >>> (i * 8)) & 0xff;
    b[this.pos++] = lo >>> 24;
    b[this.pos++] = (lo >>> 16) & 0xff;
    b[this.pos++] = (lo >>> 8) & 0xff;
    b[this.pos++] = lo & 0xff;
  }

  /** `encodeUint` for a bigint in [0, 2^64). */
  uintBig(v: bigint): void {
    const hi = Number(v >> 32n);
    const lo = Number(v & 0xffffffffn);
    this.uintParts(hi, lo);
  }

  /** gob `encodeInt` for a safe integer number. */
  int(n: number): void {
    if (n >= 0) {
      if (n < 0x40) {
        if (this.pos >= this.buf.length) this.ensure(1);
        this.buf[this.pos++] = n * 2;
        return;
      }
      if (n <= 0x7ffffffffffff) {
        this.uint(n * 2);
        return;
      }
    } else if (n >= -0x7ffffffffffff) {
      this.uint(-n * 2 - 1);
      return;
    }
    this.intBig(BigInt(n));
  }

  /** gob `encodeInt` for a bigint in [-2^63, 2^63). */
  intBig(v: bigint): void {
    const u = v < 0n ? ((~v) << 1n) | 1n : v << 1n;
    this.uintBig(u);
  }

  /** gob float: IEEE-754 float64 bits, byte-reversed, as a uint (encode.go `floatBits`). */
  float(v: number): void {
    scratch.setFloat64(0, v, true);
    const s = scratchBytes;
    let k = 0;
    while (k < 8 && s[k] === 0) k++;
    if (k === 8) {
      this.byte(0);
      return;
    }
    if (k === 7 && (s[7] as number) < 0x80) {
      this.byte(s[7] as number);
      return;
    }
    this.ensure(9);
    const b = this.buf;
    b[this.pos++] = 256 - (8 - k);
    for (let i = k; i < 8; i++) b[this.pos++] = s[i] as number;
  }

  /** `uint(len)` + bytes (gob `encUint8Array`). */
  bytes(v: Uint8Array): void {
    this.uint(v.length);
    this.raw(v);
  }

  /** `uint(len)` + Go string bytes (gob `encString`), see utf8.ts for non-UTF-8 strings. */
  string(s: string): void {
    const n = s.length;
    const max = n * 3;
    if (max < 0x80) {
      this.ensure(max + 1);
      const written = encodeGoStringInto(s, this.buf, this.pos + 1);
      this.buf[this.pos] = written;
      this.pos += written + 1;
      return;
    }
    const reserve = uintLength(max);
    this.ensure(max + reserve);
    const start = this.pos;
    const written = encodeGoStringInto(s, this.buf, start + reserve);
    const k = uintLength(written);
    this.uint(written);
    if (k !== reserve) this.buf.copyWithin(start + k, start + reserve, start + reserve + written);
    this.pos = start + k + written;
  }

  /** A copy of the written bytes `[from, pos)`. */
  copy(from = 0): Uint8Array {
    return this.buf.slice(from, this.pos);
  }
}
