/**
 * gob Decoder: one per stream direction; accepts bytes in any chunking and decodes values with
 * or without a descriptor (Go decoder.go `Decoder`, `recvMessage`, `recvType`,
 * `decodeTypeSequence`, `Decode`, `DecodeValue`; decode.go `decodeValue`,
 * `decodeIgnoredValue`).
 *
 * Messages are parsed only when complete. A value whose interface payload continues in later
 * messages (the split rule) is then followed by a resumable structural scan (value-scan.ts) that
 * reads each further message once; the value is decoded when the scan reaches its end, so a
 * value spread over n messages costs O(n), not O(n²). Type definitions read during the first,
 * failed attempt are rolled back; those read by the scan are kept, as Go keeps them.
 *
 * Errors: framing and type-definition errors between values (bad message length, message too
 * big, corrupt or duplicate definitions, input ending mid-message) are sticky: the Decoder
 * rethrows the same GobError forever, as a desynchronised Go Decoder keeps failing. An error
 * inside a value (TYPE_MISMATCH, OUT_OF_RANGE, corrupt value bytes, …) consumes the messages
 * of that value and leaves the Decoder usable for the next value, like Go's Decoder (net/rpc
 * relies on this to answer a request whose body does not decode).
 */
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_MESSAGE_BYTES, FIRST_USER_ID } from './constants.js';
import { DEFAULT_MAX_TYPES, unregisteredMode, type DecoderOptions } from './decoder-options.js';
import { topLevelDecoder } from './compile-decode.js';
import { clearTopLevel, newTopHot, type DecodeState } from './decode-state.js';
import { decodeFailure, gobError, GobError } from './errors.js';
import { Reader } from './reader.js';
import { defaultRegistry } from './registry.js';
import { skipperFor, skipTopLevel } from './skip.js';
import type { Descriptor, Infer } from './types.js';
import { GobValue } from './value.js';
import { wireDescriptor } from './wire-descriptor.js';
import { readWireType } from './wire-type.js';
import { ValueScan } from './value-scan.js';

/** Returned by the decode methods when the next value is not complete yet: push more bytes. */
export const NEED_MORE: unique symbol = Symbol('gob.NEED_MORE');

const NEED_MORE_SIGNAL = { needMore: true };
const MODE_TYPED = 0;
const MODE_SCHEMALESS = 1;
const MODE_SKIP = 2;
const EMPTY = new Uint8Array(0);

/** Errors found before any byte was read (type mismatches at compile time) get the value's offset. */
function withOffset(err: GobError, offset: number): GobError {
  if (err.offset !== undefined) return err;
  return new GobError(err.code, err.message, { offset, cause: err.cause ?? err });
}

export class Decoder {
  private buf: Uint8Array = EMPTY;
  private start = 0;
  private bufEnd = 0;
  /** Stream offset of buf[0]. */
  private bufBase = 0;
  private owned = false;
  /** End of the messages read by the current value attempt. */
  private scan = 0;
  private error: GobError | null = null;
  private pendingDefs = false;
  private added: number[] = [];
  private readonly maxMessageBytes: number;
  private readonly maxTypes: number;
  private readonly reader = new Reader(EMPTY);
  private readonly state: DecodeState;
  /** Scan of the current value once it was found to span messages (null otherwise). */
  private scanner: ValueScan | null = null;
  /** Stream offset of the end of the last message the scan read. */
  private scanEnd = 0;
  /** The scan reached the value's end (or failed): the real decode runs now. */
  private scanDone = false;
  /** The scan's error, reported unless the real decode fails earlier in the value. */
  private scanError: unknown = null;
  /** Ids the scan defined inside the current value: the real decode reads past these definitions. */
  private readonly prescanned = new Set<number>();

  constructor(options?: DecoderOptions) {
    this.maxMessageBytes = options?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxTypes = options?.maxTypes ?? DEFAULT_MAX_TYPES;
    this.state = {
      wire: new Map(),
      registry: options?.registry ?? defaultRegistry,
      maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
      depth: 0,
      zeroCopy: options?.zeroCopy ?? false,
      preserveUnknownFields: options?.preserveUnknownFields ?? true,
      unregisteredSchemaless: unregisteredMode(options?.unregisteredInterfaces),
      decCache: new Map(),
      topCache: new Map(),
      topHot: newTopHot(),
      skipCache: new Map(),
      wireDescCache: new Map(),
      ifaceCache: new Map(),
      generation: 0,
      typeSequence: (r, isInterface) => this.typeSequence(r, isInterface),
    };
    this.reader.loadNext = (r) => {
      const next = this.loadMessage(r, this.scan);
      if (next < 0) throw NEED_MORE_SIGNAL;
      this.scan = next;
    };
  }

  /** Bytes received but not yet consumed by a decoded value. */
  get buffered(): number {
    return this.bufEnd - this.start;
  }

  /**
   * Feeds bytes (any chunking). Chunks are kept by reference until consumed: do not modify them.
   * @throws GobError INVALID_ARGUMENT when `chunk` is not a Uint8Array.
   */
  push(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) throw new GobError('INVALID_ARGUMENT', 'gob: Decoder.push takes a Uint8Array or Buffer');
    const n = chunk.length;
    if (n === 0 || this.error !== null) return;
    const c = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, n);
    if (this.start === this.bufEnd) {
      this.bufBase += this.bufEnd;
      this.buf = c;
      this.start = 0;
      this.bufEnd = n;
      this.owned = false;
      return;
    }
    if (this.owned && this.bufEnd + n <= this.buf.length) {
      this.buf.set(c, this.bufEnd);
      this.bufEnd += n;
      return;
    }
    const live = this.bufEnd - this.start;
    // Sized from the bytes actually held (never from a message count, never from an old big buffer).
    let cap = 4096;
    while (cap < (live + n) * 1.5) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(this.start, this.bufEnd));
    nb.set(c, live);
    this.bufBase += this.start;
    this.buf = nb;
    this.start = 0;
    this.bufEnd = live + n;
    this.owned = true;
  }

  /**
   * Decodes the next value into the shape of `type` (Go `Decode(&v)`).
   * @returns the value, or {@link NEED_MORE} if the next value is incomplete.
   * @throws GobError (TYPE_MISMATCH, OUT_OF_RANGE, PRECISION_LOSS, CORRUPT, UNKNOWN_TYPE_ID, …)
   */
  decode<D extends Descriptor>(type: D): Infer<D> | typeof NEED_MORE {
    return this.run(MODE_TYPED, type) as Infer<D> | typeof NEED_MORE;
  }

  /** Decodes the next value without a schema, keeping its wire types (see {@link GobValue}). */
  decodeValue(): GobValue | typeof NEED_MORE {
    return this.run(MODE_SCHEMALESS, null) as GobValue | typeof NEED_MORE;
  }

  /** Discards the next value, keeping its type definitions (Go `Decode(nil)`). False = need more bytes. */
  skip(): boolean {
    return this.run(MODE_SKIP, null) === true;
  }

  /** Signals the end of input: throws UNEXPECTED_EOF if a partial message or definitions without their value remain. */
  end(): void {
    if (this.error !== null) throw this.error;
    if (this.bufEnd > this.start || this.pendingDefs) {
      this.error = gobError('UNEXPECTED_EOF', 'unexpected EOF: input ended inside a message or before the value its type definitions announced', this.bufBase + this.start);
      throw this.error;
    }
  }

  private fail(err: GobError): never {
    this.error = err;
    throw err;
  }

  /** Locates the message at `pos`; -1 if incomplete. Bad counts are sticky errors. */
  private loadMessage(r: Reader, pos: number): number {
    const b = this.buf;
    if (pos >= this.bufEnd) return -1;
    const c = b[pos] as number;
    let len: number;
    let hdr: number;
    if (c < 0x80) {
      len = c;
      hdr = 1;
    } else {
      const n = 256 - c;
      if (n > 8) this.fail(gobError('CORRUPT', 'gob: encoded unsigned integer out of range (message length)', this.bufBase + pos));
      if (pos + 1 + n > this.bufEnd) return -1;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + (b[pos + 1 + i] as number);
      hdr = 1 + n;
    }
    if (len >= this.maxMessageBytes) {
      this.fail(gobError('TOO_BIG', `invalid message length ${len} (limit maxMessageBytes = ${this.maxMessageBytes})`, this.bufBase + pos));
    }
    if (len === 0) this.fail(gobError('CORRUPT', 'gob: empty message', this.bufBase + pos));
    const endPos = pos + hdr + len;
    if (endPos > this.bufEnd) return -1;
    r.reset(b, pos + hdr, endPos, this.bufBase);
    return endPos;
  }

  private recvType(id: number, r: Reader): void {
    if (this.prescanned.delete(id)) {
      readWireType(r); // defined by the scan of this value already
      return;
    }
    if (id < FIRST_USER_ID || id > 0x7fffffff || this.state.wire.has(id)) {
      throw gobError('DUPLICATE_TYPE', `gob: duplicate type received (type id ${id})`, r.offset);
    }
    if (this.state.wire.size >= this.maxTypes) {
      this.fail(gobError('LIMIT_EXCEEDED', `gob: too many type definitions (limit maxTypes = ${this.maxTypes})`, r.offset));
    }
    const wire = readWireType(r);
    this.state.wire.set(id, wire);
    this.added.push(id);
  }

  /** decoder.go `decodeTypeSequence` inside a value (interfaces: definitions may be inline or in later messages). */
  private typeSequence(r: Reader, isInterface: boolean): number {
    for (;;) {
      if (r.remaining === 0) r.nextMessage();
      const id = r.int();
      if (id !== id) r.corrupt('gob: type id out of range');
      if (id >= 0) return id;
      this.recvType(-id, r);
      if (r.remaining > 0) {
        if (!isInterface) r.corrupt('extra data in buffer');
        r.uint();
      }
    }
  }

  private decodeBody(mode: number, type: Descriptor | null, r: Reader, id: number): unknown {
    if (mode === MODE_TYPED) return topLevelDecoder(this.state, type as Descriptor, id)(r);
    if (mode === MODE_SCHEMALESS) {
      // The type's nesting is checked up front, as Go's ignore ops do (decIgnoreOpFor,
      // maxIgnoreNestingDepth): a schemaless decode keeps what Go would skip, and its decoders are
      // built lazily, so a deep type with a shallow value would otherwise pass unchecked.
      skipperFor(this.state, id, 0);
      const d = wireDescriptor(this.state, id);
      return new GobValue(d, topLevelDecoder(this.state, d, id)(r), id);
    }
    skipTopLevel(this.state, r, id);
    return true;
  }

  private run(mode: number, type: Descriptor | null): unknown {
    if (this.error !== null) throw this.error;
    if (this.scanner !== null && !this.advanceScan(this.scanner, false)) return NEED_MORE;
    const r = this.reader;
    let id: number;
    // Type definitions before the value: each complete definition message is committed.
    for (;;) {
      const next = this.loadMessage(r, this.start);
      if (next < 0) return NEED_MORE;
      try {
        id = r.int();
        if (id !== id) r.corrupt('gob: type id out of range');
        if (id >= 0) {
          this.scan = next;
          break;
        }
        this.added = [];
        this.recvType(-id, r);
        if (r.remaining > 0) r.corrupt('extra data in buffer');
      } catch (err) {
        this.fail(withOffset(decodeFailure(err), this.bufBase + this.start));
      }
      this.start = next;
      this.pendingDefs = true;
    }
    if (this.added.length !== 0) this.added = [];
    this.state.depth = 0;
    let failure: unknown;
    try {
      const v = this.decodeBody(mode, type, r, id);
      if (this.scanError === null) {
        this.start = this.scan;
        this.endValue();
        return v;
      }
      failure = this.scanError;
    } catch (err) {
      failure = err;
    }
    if (failure === NEED_MORE_SIGNAL) {
      if (!this.scanDone) {
        this.rollback();
        const sc = new ValueScan(this.state, (defId, rr) => {
          this.recvType(defId, rr);
          this.prescanned.add(defId);
        });
        this.scanner = sc;
        return this.advanceScan(sc, true) ? this.run(mode, type) : NEED_MORE;
      }
      failure = this.scanError ?? gobError('CORRUPT', 'gob: value ends after its last message', this.scanEnd);
    }
    if (this.error !== null) throw this.error;
    const at = this.bufBase + this.start;
    this.start = Math.max(this.scan, this.scanEnd - this.bufBase);
    this.endValue();
    throw withOffset(decodeFailure(failure), at);
  }

  /** Forgets the definitions (and everything compiled from them) of a value attempt that needs more input. */
  private rollback(): void {
    if (this.added.length === 0) return;
    for (const a of this.added) this.state.wire.delete(a);
    this.added = [];
    this.state.decCache.clear();
    clearTopLevel(this.state);
    this.state.skipCache.clear();
    this.state.wireDescCache.clear();
    this.state.ifaceCache.clear();
    this.state.generation++;
  }

  private endValue(): void {
    this.pendingDefs = false;
    this.scanDone = false;
    this.scanError = null;
    this.scanEnd = 0;
    this.prescanned.clear();
  }

  /**
   * Runs the scan of the current value on (from its first message when `first`). True when it
   * is over (the value is complete, or the scan failed and `scanError` says why).
   */
  private advanceScan(sc: ValueScan, first: boolean): boolean {
    const r = this.reader;
    let done: boolean;
    try {
      if (first) {
        const next = this.loadMessage(r, this.start);
        this.scanEnd = this.bufBase + next;
        sc.begin(r, r.int());
      } else {
        const pos = this.scanEnd - this.bufBase;
        r.reset(this.buf, pos, pos, this.bufBase);
      }
      done = sc.resume(r, this.scanNext);
    } catch (err) {
      if (this.error !== null) throw this.error;
      this.scanError = decodeFailure(err);
      done = true;
    }
    if (done) {
      this.scanner = null;
      this.scanDone = true;
    }
    return done;
  }

  /** Loads the message after the scan's last one into `r`; false if it is not complete yet. */
  private readonly scanNext = (r: Reader): boolean => {
    const next = this.loadMessage(r, this.scanEnd - this.bufBase);
    if (next < 0) return false;
    this.scanEnd = this.bufBase + next;
    return true;
  };
}
