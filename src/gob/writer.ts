/**
 * gob's scalar encodings on top of the output memory (output-buffer.ts): Go encode.go
 * `encodeUint`, `encodeInt`, `floatBits`, `encString`, `encUint8Array`, and the message count
 * (encoder.go `writeMessage`). The one place these wire rules live: the generated struct code
 * inlines them from the source snippets exported here.
 */
import { MAX_COUNT_LENGTH } from './constants.js';
import { gobError } from './errors.js';
import { OutputBuffer } from './output-buffer.js';
import { encodeGoStringInto, isWellFormedString } from './utf8.js';

const TWO32 = 4294967296;
const f64 = new Float64Array(1);
/** The float64 scratch as two 32-bit words (little-endian platforms, checked in reader.ts). */
const f64w = new Uint32Array(f64.buffer);

/** What value encoders need from the Encoder that owns a writer (Go encode.go `encoderState.enc`). */
export interface EncodeContext {
  /** encode.go `encodeInterface`: name, definitions and the value of a non-nil interface (or `00` for nil). */
  encodeInterface(w: Writer, v: unknown): void;
  /** Value nesting levels entered (struct, slice, array, map, interface); reset per encode. */
  depth: number;
  /** The Encoder's `maxDepth`. */
  readonly maxDepth: number;
  /** Throws GobError DEPTH_EXCEEDED. */
  tooDeep(): never;
  /** Send the preserved fields of decoded objects back (unknown-fields.ts); false drops them. */
  readonly preserveUnknownFields: boolean;
  /** Called by a declared struct's encoder for an object carrying preserved fields (unknown-encode.ts). */
  unknownFields(): void;
}

/** Options of {@link Writer}. */
export interface WriterOptions {
  /** Every message after the previous one in never-reused slabs (results can be views). */
  readonly slab?: boolean;
  /** Reference large `[]byte` payloads instead of copying them. */
  readonly allowExternal?: boolean;
  /** The owning Encoder, for interface values. */
  readonly context?: EncodeContext;
}

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

export class Writer extends OutputBuffer {
  /** The owning Encoder (null: interface values cannot be encoded into this writer). */
  readonly context: EncodeContext | null;

  constructor(initial = 256, options?: WriterOptions) {
    super(initial, options);
    this.context = options?.context ?? null;
  }

  /**
   * Writes the count of the message begun with {@link beginMessage} in front of it and returns
   * the offset where the framed message starts (it ends at `pos`, plus any external segments).
   */
  frameMessage(maxMessageBytes: number): number {
    const len = this.messageLength;
    if (len >= maxMessageBytes) throw gobError('TOO_BIG', `gob: encoder: message too big (${len} bytes, limit ${maxMessageBytes})`);
    const k = uintLength(len);
    const start = this.mark + MAX_COUNT_LENGTH - k;
    const save = this.pos;
    this.pos = start;
    this.uint(len);
    this.pos = save;
    return start;
  }

  /** gob `encodeUint` for a non-negative integer number that is exactly representable (< 2^64). */
  uint(n: number): void {
    if (n < 0x80 && this.pos < this.buf.length) {
      this.buf[this.pos++] = n;
      return;
    }
    this.uintSlow(n);
  }

  private uintSlow(n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n < 0x80) {
      b[this.pos++] = n;
    } else if (n < 0x100) {
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
    } else if (n < TWO32) {
      b[this.pos++] = 0xfc;
      b[this.pos++] = n >>> 24;
      b[this.pos++] = (n >>> 16) & 0xff;
      b[this.pos++] = (n >>> 8) & 0xff;
      b[this.pos++] = n & 0xff;
    } else {
      const hi = Math.floor(n / TWO32);
      this.uintParts(hi, n - hi * TWO32);
    }
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
    f64[0] = v;
    const w0 = f64w[0] as number;
    const w1 = f64w[1] as number;
    // The uint is the float's little-endian bytes read big-endian: hi = bswap(w0), lo = bswap(w1).
    const hi = (((w0 & 0xff) << 24) | ((w0 & 0xff00) << 8) | ((w0 >>> 8) & 0xff00) | (w0 >>> 24)) >>> 0;
    const lo = (((w1 & 0xff) << 24) | ((w1 & 0xff00) << 8) | ((w1 >>> 8) & 0xff00) | (w1 >>> 24)) >>> 0;
    this.uintParts(hi, lo);
  }

  /** `uint(len)` + bytes (gob `encUint8Array`). */
  bytes(v: Uint8Array): void {
    this.uint(v.length);
    this.payload(v);
  }

  /**
   * A whole `[]string` (count + strings) when every element is an ASCII string shorter than 128
   * bytes: the strings joined with one separator character are written by one native call so
   * that each separator lands where the next string's one-byte length goes, then the lengths are
   * stored over them. Returns false (writing nothing) when the fast path does not apply.
   */
  asciiStrings(v: readonly unknown[]): boolean {
    const n = v.length;
    if (n < 8) return false;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = v[i];
      if (typeof s !== 'string' || s.length >= 128) return false;
      total += s.length;
    }
    const joined = (v as string[]).join('\0');
    const size = total + n - 1;
    // Room for the count and the UTF-8 worst case, so that one write both copies the text and
    // proves it ASCII (any other character takes more bytes than code units).
    this.ensure(9 + 3 * size);
    const start = this.pos;
    this.uint(n);
    const p = this.pos;
    if (this.nb.utf8Write(joined, p + 1, 3 * size) !== size) {
      this.pos = start;
      return false;
    }
    const b = this.buf;
    let at = p;
    for (let i = 0; i < n; i++) {
      const len = (v[i] as string).length;
      b[at] = len;
      at += len + 1;
    }
    this.pos = at;
    return true;
  }

  /** `uint(len)` + Go string bytes (gob `encString`), see utf8.ts for non-UTF-8 strings. */
  string(s: string): void {
    const n = s.length;
    const p0 = this.pos;
    if (n < 16 && p0 + 3 * n + 1 <= this.buf.length) {
      // Short ASCII: a JS loop beats the native call overhead (one-byte length prefix).
      const b = this.buf;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p0 + 1 + i] = c;
      }
      if (i === n) {
        b[p0] = n;
        this.pos = p0 + 1 + n;
        return;
      }
    }
    this.stringSlow(s);
  }

  private stringSlow(s: string): void {
    const n = s.length;
    if (n < 16) {
      this.ensure(3 * n + 1);
      const written = encodeGoStringInto(s, this.buf, this.pos + 1);
      this.buf[this.pos] = written;
      this.pos += written + 1;
      return;
    }
    if (isWellFormedString(s)) {
      if (n < 43) {
        this.ensure(3 * n + 1);
        const written = this.nb.utf8Write(s, this.pos + 1, 3 * n);
        this.buf[this.pos] = written;
        this.pos += written + 1;
        return;
      }
      const len = Buffer.byteLength(s, 'utf8');
      this.uint(len);
      this.ensure(len);
      this.nb.utf8Write(s, this.pos, len);
      this.pos += len;
      return;
    }
    const max = n * 3;
    const reserve = uintLength(max);
    this.ensure(max + reserve);
    const start = this.pos;
    const written = encodeGoStringInto(s, this.buf, start + reserve);
    const k = uintLength(written);
    this.uint(written);
    if (k !== reserve) this.buf.copyWithin(start + k, start + reserve, start + reserve + written);
    this.pos = start + k + written;
  }

}

/**
 * Generated-code form of `encodeUint` for an integer `0 ≤ u < 2^32` held in variable `u`:
 * statements storing the bytes at `b[p++]` (Uint8Array stores keep the low 8 bits).
 */
export const UINT32_INLINE_SOURCE = [
  'if (u < 0x80) b[p++] = u;',
  'else if (u < 0x100) { b[p] = 0xff; b[p + 1] = u; p += 2; }',
  'else if (u < 0x10000) { b[p] = 0xfe; b[p + 1] = u >>> 8; b[p + 2] = u; p += 3; }',
  'else if (u < 0x1000000) { b[p] = 0xfd; b[p + 1] = u >>> 16; b[p + 2] = u >>> 8; b[p + 3] = u; p += 4; }',
  'else { b[p] = 0xfc; b[p + 1] = u >>> 24; b[p + 2] = u >>> 16; b[p + 3] = u >>> 8; b[p + 4] = u; p += 5; }',
].join(' ');

/**
 * Generated-code form of gob's float encoding for a float64 in variable `f`: the uint is the
 * float's little-endian bytes from the first non-zero one, after a negated byte count (or the
 * single byte when below 0x80). Needs `F` = {@link FLOAT64_SCRATCH} and `FB` = its bytes.
 */
export const FLOAT64_INLINE_SOURCE = [
  'F[0] = f; let k = 0; while (k < 7 && FB[k] === 0) k++;',
  'if (k === 7 && FB[7] < 0x80) b[p++] = FB[7]; else { b[p++] = 248 + k; for (; k < 8; k++) b[p++] = FB[k]; }',
].join(' ');
/** Scratch of {@link FLOAT64_INLINE_SOURCE}. */
export const FLOAT64_SCRATCH = new Float64Array(1);
export const FLOAT64_SCRATCH_BYTES = new Uint8Array(FLOAT64_SCRATCH.buffer);
