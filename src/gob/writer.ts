/**
 * Growable output buffer with gob's scalar encodings (Go encode.go `encodeUint`, `encodeInt`,
 * `floatBits`, `encString`; encoder.go `writeMessage` with its reserved count prefix).
 *
 * The buffer grows by doubling and is reused between messages; a message is written after
 * `MAX_COUNT_LENGTH` reserved bytes so that its count can be filled in front of it at the end.
 */
import { MAX_COUNT_LENGTH } from './constants.js';
import { gobError } from './errors.js';
import { encodeGoStringInto, isWellFormedString } from './utf8.js';

const TWO32 = 4294967296;
const f64 = new Float64Array(1);
/** The float64 scratch as two 32-bit words (little-endian platforms, checked in reader.ts). */
const f64w = new Uint32Array(f64.buffer);

/** Node's Buffer UTF-8 writer binding (what `buf.write(s, off, len, 'utf8')` calls). */
interface NativeUtf8 {
  utf8Write(s: string, offset: number, length: number): number;
  latin1Write(s: string, offset: number, length: number): number;
}

/**
 * A Uint8Array of `n` bytes without zero-filling (Node's allocUnsafeSlow, own ArrayBuffer). Only
 * bytes the Writer has written are ever exposed.
 */
export function allocBytes(n: number): Uint8Array {
  if (n < 4096) return new Uint8Array(n);
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
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

/** A large `[]byte` payload referenced instead of copied (see {@link Writer.external}). */
interface ExternalSegment {
  /** Position in `buf` where the bytes belong. */
  at: number;
  readonly bytes: Uint8Array;
}

/** Byte slices at least this long may be referenced instead of copied by a Writer with `allowExternal`. */
const EXTERNAL_MIN_BYTES = 2048;

/** Largest slab allocated to hold several large messages (a retained view pins its slab). */
const MAX_SLAB_BYTES = 8 * 1024 * 1024;

export class Writer {
  buf: Uint8Array;
  /** A Buffer view of `buf` (for Node's native UTF-8 writer). */
  private nb: NativeUtf8;
  /** `buf.buffer` and `buf.byteOffset` (reading `.buffer` is slow). */
  private ab: ArrayBuffer;
  private abOffset = 0;
  pos = 0;
  /** Start of the bytes that must survive a reallocation (the current message). */
  private mark = 0;
  private readonly initial: number;
  /**
   * Slab mode: every message is written after the previous one and the buffer is never reused,
   * so framed messages can be handed out as views (Go's encoder reuses its buffer because Write
   * copies; we hand the bytes to the caller instead).
   */
  private readonly slab: boolean;
  /** Referenced payloads of the current message (slab writers only). */
  ext: ExternalSegment[] = [];
  extLen = 0;
  /** Reference (rather than copy) large payloads; set per message by the Encoder. */
  allowExternal: boolean;

  constructor(initial = 256, options?: { readonly slab?: boolean; readonly allowExternal?: boolean }) {
    this.initial = initial;
    this.slab = options?.slab ?? false;
    this.allowExternal = options?.allowExternal ?? false;
    this.buf = new Uint8Array(initial);
    this.ab = this.buf.buffer as ArrayBuffer;
    this.nb = Buffer.from(this.ab, 0, initial) as unknown as NativeUtf8;
  }

  private setBuffer(b: Uint8Array): void {
    this.buf = b;
    this.ab = b.buffer as ArrayBuffer;
    this.abOffset = b.byteOffset;
    this.nb = Buffer.from(b.buffer, b.byteOffset, b.length) as unknown as NativeUtf8;
  }

  /** `buf.subarray(start, end)`, built from the cached ArrayBuffer (about twice as fast in V8). */
  view(start: number, end: number): Uint8Array {
    return new Uint8Array(this.ab, this.abOffset + start, end - start);
  }

  /** Makes sure `n` more bytes fit (copies only the current message when growing). */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const live = this.pos - this.mark;
    let size: number;
    if (this.slab) {
      // Room for several messages of this size, so large messages share slabs too.
      size = Math.max(this.initial, Math.min(MAX_SLAB_BYTES, 8 * (live + n)), live + n);
    } else {
      size = Math.max(this.initial, this.buf.length);
      while (size < live + n) size *= 2;
    }
    const next = allocBytes(size);
    next.set(this.buf.subarray(this.mark, this.pos));
    for (const e of this.ext) e.at -= this.mark;
    this.setBuffer(next);
    this.pos = live;
    this.mark = 0;
  }

  /** Drops a buffer grown beyond `limit` bytes (reused writers should not pin big buffers). */
  shrink(limit: number): void {
    if (this.buf.length > limit) {
      this.setBuffer(new Uint8Array(this.initial));
      this.reset();
    }
  }

  reset(): void {
    this.pos = 0;
    this.mark = 0;
    this.ext = [];
    this.extLen = 0;
  }

  /** Starts a message: leaves room for its count. */
  beginMessage(): void {
    if (this.ext.length > 0) this.ext = [];
    this.extLen = 0;
    if (this.slab) {
      // A new slab when this one is (nearly) full.
      if (this.buf.length - this.pos < 1024) {
        this.setBuffer(allocBytes(this.initial));
        this.pos = 0;
      }
      this.mark = this.pos;
      this.pos += MAX_COUNT_LENGTH;
      return;
    }
    this.mark = 0;
    this.pos = MAX_COUNT_LENGTH;
  }

  /** Length of the current message body (after the reserved count). */
  get messageLength(): number {
    return this.pos - this.mark - MAX_COUNT_LENGTH + this.extLen;
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

  /** The framed message as chunks: buffer views interleaved with referenced payloads. */
  chunks(start: number): Uint8Array[] {
    if (this.ext.length === 0) return [this.view(start, this.pos)];
    const out: Uint8Array[] = [];
    let at = start;
    for (const e of this.ext) {
      out.push(this.view(at, e.at), e.bytes);
      at = e.at;
    }
    out.push(this.view(at, this.pos));
    return out;
  }

  /** Copies referenced payloads into the buffer (before the message is flushed elsewhere). */
  materialize(): void {
    if (this.ext.length === 0) return;
    const segs = this.ext;
    const tailStart = segs[0]?.at ?? this.pos;
    const tail = this.buf.slice(tailStart, this.pos);
    this.ext = [];
    this.extLen = 0;
    this.pos = tailStart;
    let from = tailStart;
    for (const e of segs) {
      this.raw(tail.subarray(from - tailStart, e.at - tailStart));
      this.raw(e.bytes);
      from = e.at;
    }
    this.raw(tail.subarray(from - tailStart));
  }

  /** Appends `bytes` by reference when allowed and large, else copies them. */
  payload(bytes: Uint8Array): void {
    if (this.allowExternal && bytes.length >= EXTERNAL_MIN_BYTES) {
      this.ext.push({ at: this.pos, bytes });
      this.extLen += bytes.length;
    } else {
      this.raw(bytes);
    }
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

  /** A copy of the written bytes `[from, pos)`. */
  copy(from = 0): Uint8Array {
    return this.buf.slice(from, this.pos);
  }
}
