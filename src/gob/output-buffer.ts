/**
 * Growable output memory for the gob encoder: buffers that grow by doubling and are reused
 * between messages, slabs whose finished messages are handed out as views, large `[]byte`
 * payloads referenced instead of copied (chunks for writev) and copied in when a message must be
 * contiguous (`materialize`). A message is written after `MAX_COUNT_LENGTH` reserved bytes so its
 * count can be filled in front of it (Go encoder.go `writeMessage`). No gob wire rules here:
 * writer.ts adds them.
 */
import { MAX_COUNT_LENGTH } from './constants.js';

/** Node's Buffer UTF-8 writer binding (what `buf.write(s, off, len, 'utf8')` calls). */
export interface NativeUtf8 {
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

export class OutputBuffer {
  buf: Uint8Array;
  /** A Buffer view of `buf` (for Node's native UTF-8 writer). */
  protected nb: NativeUtf8;
  /** `buf.buffer` and `buf.byteOffset` (reading `.buffer` is slow). */
  private ab: ArrayBuffer;
  private abOffset = 0;
  pos = 0;
  /** Start of the bytes that must survive a reallocation (the current message). */
  protected mark = 0;
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

  /** A copy of the written bytes `[from, pos)`. */
  copy(from = 0): Uint8Array {
    return this.buf.slice(from, this.pos);
  }
}
