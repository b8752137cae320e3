/**
 * Bounded reader over one gob message (Go decode.go `decodeUint`, `decodeInt`, `float64FromBits`,
 * `getLength`; decoder.go `decodeTypeSequence` for interface values that continue in the next
 * message).
 *
 * Reads never go past `end`: a read past the message is corruption, not "need more" (the whole
 * message is buffered before parsing, as in Go). The one exception is the interface
 * continuation rule, handled by {@link Reader.nextMessage} through a callback supplied by the
 * Decoder.
 */
import { gobError } from './errors.js';
import { decodeGoString, decodeGoStrings } from './utf8.js';
import { allocBytes } from './output-buffer.js';

const TWO32 = 4294967296;
/** Longest string {@link Reader.string} remembers (see `shortString`). */
const SHORT_STRING = 24;
const f64 = new Float64Array(1);
/** The float64 scratch as two 32-bit words in platform order (little-endian on every Node target). */
const f64w = new Int32Array(f64.buffer);
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('go-netrpc/gob needs a little-endian platform');

export class Reader {
  buf: Uint8Array;
  pos: number;
  end: number;
  /** Stream offset of `buf[0]`, for error messages. */
  base: number;
  /** High / low 32 bits of the last {@link parts} read. */
  hi = 0;
  lo = 0;
  /** The last short string read, its length in bytes, and its bytes (see {@link shortString}). */
  private lastString = '';
  private lastLength = -1;
  private readonly lastBytes = new Uint8Array(SHORT_STRING);
  /** Loads the next message into this reader (interface continuation); false if none is complete. */
  loadNext: ((r: Reader) => void) | null = null;

  constructor(buf: Uint8Array, pos = 0, end = buf.length, base = 0) {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.base = base;
  }

  reset(buf: Uint8Array, pos: number, end: number, base: number): void {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.base = base;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Absolute stream offset of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }

  corrupt(message: string): never {
    throw gobError('CORRUPT', message, this.offset);
  }

  /** Reads the next message (interface continuation, decoder.go `decodeTypeSequence`). */
  nextMessage(): void {
    if (this.loadNext === null) this.corrupt('gob: unexpected end of message inside an interface value');
    this.loadNext(this);
  }

  /** Reads a uint into `hi`/`lo`. */
  parts(): void {
    const b = this.buf;
    let p = this.pos;
    if (p >= this.end) this.corrupt('gob: unexpected end of message reading an unsigned integer');
    const c = b[p++] as number;
    if (c < 0x80) {
      this.hi = 0;
      this.lo = c;
      this.pos = p;
      return;
    }
    const n = 256 - c;
    if (n > 8) this.corrupt('gob: encoded unsigned integer out of range');
    if (p + n > this.end) this.corrupt(`gob: invalid uint data length ${n}: exceeds input size ${this.end - p}`);
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < n; i++) {
      hi = ((hi << 8) | (lo >>> 24)) >>> 0;
      lo = ((lo << 8) | (b[p++] as number)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    this.pos = p;
  }

  /** gob `decodeUint` as a number; values above 2^53 come back rounded (callers check). */
  uint(): number {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf;
      const c = b[p] as number;
      if (c < 0x80) {
        this.pos = p + 1;
        return c;
      }
      const n = 256 - c;
      if (n <= 6 && p + n < this.end) {
        // Up to 48 bits: exact in a double.
        let v = 0;
        for (let i = 1; i <= n; i++) v = v * 256 + (b[p + i] as number);
        this.pos = p + 1 + n;
        return v;
      }
    }
    this.parts();
    return this.hi * TWO32 + this.lo;
  }

  /** A uint that must be a safe integer (lengths, counts, deltas). */
  count(what: string): number {
    const n = this.uint();
    if (n > Number.MAX_SAFE_INTEGER) this.corrupt(`gob: ${what} out of range`);
    return n;
  }

  uintBig(): bigint {
    this.parts();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** gob `decodeInt` as a number; NaN when it is not a safe integer (callers check). */
  int(): number {
    const p = this.pos;
    if (p < this.end) {
      const b = this.buf;
      const c = b[p] as number;
      if (c < 0x80) {
        this.pos = p + 1;
        return c & 1 ? -(c >> 1) - 1 : c >> 1;
      }
      const n = 256 - c;
      if (n <= 6 && p + n < this.end) {
        let u = 0;
        for (let i = 1; i <= n; i++) u = u * 256 + (b[p + i] as number);
        this.pos = p + 1 + n;
        return u % 2 === 1 ? -(u + 1) / 2 : u / 2;
      }
    }
    this.parts();
    const neg = this.lo & 1;
    const mhi = this.hi >>> 1;
    const mlo = (((this.hi & 1) << 31) | (this.lo >>> 1)) >>> 0;
    if (mhi >= 0x200000) return NaN;
    const m = mhi * TWO32 + mlo;
    if (neg) return m === 0x1fffffffffffff ? NaN : -m - 1;
    return m;
  }

  intBig(): bigint {
    const u = this.uintBig();
    return u & 1n ? ~(u >> 1n) : u >> 1n;
  }

  /** gob float (decode.go `float64FromBits`): the uint's bytes are the float64 bits reversed. */
  float(): number {
    const p = this.pos;
    if (p < this.end) {
      const c = this.buf[p] as number;
      if (c < 0x80) {
        this.pos = p + 1;
        if (c === 0) return 0;
        f64w[0] = 0;
        f64w[1] = c << 24;
        return f64[0] as number;
      }
    }
    this.parts();
    const hi = this.hi;
    const lo = this.lo;
    // Little-endian words of the float = byte-swapped big-endian words of the uint.
    f64w[0] = ((hi & 0xff) << 24) | ((hi & 0xff00) << 8) | ((hi >>> 8) & 0xff00) | (hi >>> 24);
    f64w[1] = ((lo & 0xff) << 24) | ((lo & 0xff00) << 8) | ((lo >>> 8) & 0xff00) | (lo >>> 24);
    return f64[0] as number;
  }

  /** Reads `uint(len)` and checks that len bytes remain (gob `getLength`, `decUint8Slice`). */
  length(what: string): number {
    const n = this.uint();
    if (n > this.end - this.pos) {
      this.corrupt(`gob: bad ${what} length ${n}: exceeds input size ${this.end - this.pos}`);
    }
    return n;
  }

  string(): string {
    const n = this.length('string');
    const start = this.pos;
    this.pos = start + n;
    return n <= SHORT_STRING ? this.shortString(start, n) : decodeGoString(this.buf, start, start + n);
  }

  /**
   * Short strings repeat (a net/rpc header's ServiceMethod, enum-like fields): the last one is
   * kept with its bytes and returned again, without allocating, when the same bytes come next.
   */
  private shortString(start: number, n: number): string {
    const b = this.buf;
    const last = this.lastBytes;
    if (n === this.lastLength) {
      let i = 0;
      while (i < n && b[start + i] === last[i]) i++;
      if (i === n) return this.lastString;
    }
    const s = decodeGoString(b, start, start + n);
    for (let i = 0; i < n; i++) last[i] = b[start + i] as number;
    this.lastLength = n;
    this.lastString = s;
    return s;
  }

  /** `n` strings in a row (a `[]string` body after its count), decoded in one pass. */
  strings(n: number): string[] {
    if (n < 8) {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(this.string());
      return out;
    }
    const bounds: number[] = [];
    for (let i = 0; i < n; i++) {
      const len = this.length('string');
      bounds.push(this.pos, this.pos + len);
      this.pos += len;
    }
    return decodeGoStrings(this.buf, bounds);
  }

  /** `uint(len)` + bytes, copied. */
  bytesCopy(): Uint8Array {
    const n = this.length('[]uint8');
    const start = this.pos;
    this.pos = start + n;
    if (n < 4096) return this.buf.slice(start, start + n);
    const out = allocBytes(n);
    out.set(this.buf.subarray(start, start + n));
    return out;
  }

  /** `uint(len)` + bytes as a view into the message buffer (no copy). */
  bytesView(): Uint8Array {
    const n = this.length('[]uint8');
    const start = this.pos;
    this.pos = start + n;
    return this.buf.subarray(start, start + n);
  }

  skip(n: number): void {
    if (n > this.end - this.pos) this.corrupt(`gob: data length ${n} exceeds input size ${this.end - this.pos}`);
    this.pos += n;
  }
}
