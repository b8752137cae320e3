/**
 * Decodes a copy of one direction of a net/rpc gob stream (Go net/rpc `gobClientCodec` /
 * `gobServerCodec`): a header value (`Request{ServiceMethod, Seq}` or
 * `Response{ServiceMethod, Seq, Error}`) followed by a body value, over and over, decoded
 * schemaless. A stream whose first value is not such a header is reported as raw and ignored
 * from then on; a gob error is reported in place and, if it leaves the stream unreadable,
 * decoding of this direction stops (the relay never does).
 */
import { Decoder, GobError, NEED_MORE, type GobValue } from '../gob/index.js';
import { RpcPairing, type RpcHeader, type RpcSink } from './rpc-pairing.js';

/** One direction of one net/rpc stream, whatever its codec. */
export interface MessageTap {
  push(chunk: Uint8Array): void;
}

export interface RpcTapOptions {
  /** Largest gob message decoded (default: gob's DEFAULT_MAX_MESSAGE_BYTES). */
  readonly maxMessageBytes?: number;
}

/** Whether a struct type has net/rpc's header fields, remembered per type (one per stream). */
const headerTypes = new WeakMap<object, boolean>();

function isHeaderType(t: { readonly fields: readonly { readonly name: string }[] }): boolean {
  let ok = headerTypes.get(t);
  if (ok === undefined) {
    ok = t.fields.some((f) => f.name === 'ServiceMethod') && t.fields.some((f) => f.name === 'Seq');
    headerTypes.set(t, ok);
  }
  return ok;
}

function headerOf(v: GobValue): RpcHeader | undefined {
  const t = v.type.kind === 'named' ? v.type.base : v.type;
  if (t.kind !== 'struct' || !isHeaderType(t)) return undefined;
  const o = v.value as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object') return undefined;
  // Gob omits zero fields: an absent ServiceMethod is "", an absent Seq is 0.
  const method = o['ServiceMethod'] ?? '';
  const seq = o['Seq'] ?? 0;
  if (typeof method !== 'string' || (typeof seq !== 'number' && typeof seq !== 'bigint')) return undefined;
  const error = typeof o['Error'] === 'string' ? o['Error'] : '';
  return { method, seq, error };
}

/** Smallest id Go assigns to a user type (gob type.go `firstUserId`). */
const FIRST_USER_TYPE_ID = 64;

/**
 * Peeks at the start of a stream: a net/rpc gob stream from a fresh encoder opens with a
 * message defining the header struct, i.e. `uint(length) int(-id)` with id ≥ 64. Reads gob's
 * uint (one byte < 0x80, else a negated byte count and big-endian bytes) and zig-zag int.
 * Returns undefined while more bytes are needed.
 */
export function startsLikeNetRpc(b: Uint8Array): boolean | undefined {
  let i = 0;
  const uint = (): number | undefined => {
    const first = b[i];
    if (first === undefined) return undefined;
    i++;
    if (first < 0x80) return first;
    const n = 256 - first;
    if (n > 8) return -1;
    if (i + n > b.length) return undefined;
    let v = 0;
    for (let k = 0; k < n; k++) v = v * 256 + (b[i + k] as number);
    i += n;
    return v;
  };
  const length = uint();
  if (length === undefined) return undefined;
  if (length <= 0) return false;
  const folded = uint();
  if (folded === undefined) return undefined;
  if (folded < 0 || folded % 2 === 0) return false; // not a negative int: not a type definition
  return (folded + 1) / 2 >= FIRST_USER_TYPE_ID;
}

/** One direction of one gob rpc stream. */
export class RpcTap implements MessageTap {
  private readonly dec: Decoder;
  private pushed = 0;
  private readonly pairing: RpcPairing;
  private stopped = false;
  private lastError: unknown;
  private prefix: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly sink: RpcSink,
    isResponse: boolean,
    options: RpcTapOptions = {},
  ) {
    this.dec = new Decoder(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes });
    this.pairing = new RpcPairing(sink, isResponse, () => this.pushed - this.dec.buffered);
  }

  get active(): boolean {
    return !this.stopped;
  }

  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    if (!this.pairing.started && this.prefix.length < 16) {
      this.prefix = Buffer.concat([this.prefix, chunk.subarray(0, 16)]);
      const ok = startsLikeNetRpc(this.prefix);
      if (ok === false) {
        this.stop();
        this.sink.notRpc('does not start with a gob type definition');
        return;
      }
    }
    this.dec.push(chunk);
    this.pushed += chunk.length;
    for (;;) {
      let v: GobValue | typeof NEED_MORE;
      try {
        v = this.dec.decodeValue();
      } catch (err) {
        const fatal = err === this.lastError || !this.pairing.started;
        this.lastError = err;
        if (!(err instanceof GobError)) throw err;
        if (!this.pairing.started) {
          this.stop();
          this.sink.notRpc(`${err.code}: ${err.message}`);
          return;
        }
        this.sink.decodeError(err, fatal);
        if (fatal) {
          this.stop();
          return;
        }
        // A failed header or body: the pair is lost; resynchronise on the next value as Go does.
        this.pairing.body(undefined);
        continue;
      }
      if (v === NEED_MORE) return;
      if (!this.pairing.wantsHeader) this.pairing.body(v);
      else if (!this.pairing.header(headerOf(v), (m) => new GobError('TYPE_MISMATCH', m))) {
        this.stop();
        return;
      }
    }
  }

  private stop(): void {
    this.stopped = true;
  }
}
