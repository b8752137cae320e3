/**
 * Decodes a copy of one direction of a net/rpc msgpack stream, as Packer speaks it (packer/rpc
 * and packer-plugin-sdk/rpc over ugorji's `codec.MsgpackSpecRpc`-less `rpc.NewClientWithCodec(
 * codec.GoRpc.ClientCodec(conn, MsgpackHandle))`): msgpack(`rpc.Request`{ServiceMethod, Seq}) or
 * msgpack(`rpc.Response`{ServiceMethod, Seq, Error}), then msgpack(body), with no framing.
 * Values are decoded schemaless through go-netrpc/msgpack (`any`), so either ugorji dialect, any
 * field order and both time encodings read the same. A stream whose first value is not such a
 * header is reported raw (Packer's communicator streams carry plain bytes).
 */
import { any, MsgpackError, MsgpackStreamDecoder, NEED_MORE } from '../msgpack/index.js';
import { RpcPairing, type RpcHeader, type RpcSink } from './rpc-pairing.js';
import type { MessageTap } from './rpc-tap.js';

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : undefined);

function headerOf(v: unknown): RpcHeader | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Map || v instanceof Uint8Array) return undefined;
  const o = v as Record<string, unknown>;
  const method = text(o['ServiceMethod']);
  const seq = o['Seq'];
  if (method === undefined || (typeof seq !== 'number' && typeof seq !== 'bigint')) return undefined;
  return { method, seq, error: text(o['Error']) ?? '' };
}

/** A msgpack map (fixmap, map16, map32): how every rpc header starts. */
const startsWithMap = (b: number): boolean => (b & 0xf0) === 0x80 || b === 0xde || b === 0xdf;

/** One direction of one msgpack rpc stream. */
export class MsgpackRpcTap implements MessageTap {
  private readonly dec: MsgpackStreamDecoder;
  private pushed = 0;
  private readonly pairing: RpcPairing;
  private stopped = false;

  constructor(
    private readonly sink: RpcSink,
    isResponse: boolean,
    options: { readonly maxMessageBytes?: number } = {},
  ) {
    this.dec = new MsgpackStreamDecoder(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes });
    this.pairing = new RpcPairing(sink, isResponse, () => this.pushed - this.dec.buffered);
  }

  push(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    if (!this.pairing.started && this.pushed === 0 && !startsWithMap(chunk[0] as number)) {
      this.stopped = true;
      this.sink.notRpc('does not start with a msgpack map');
      return;
    }
    this.dec.push(chunk);
    this.pushed += chunk.length;
    for (;;) {
      let v: unknown;
      const before = this.dec.buffered;
      try {
        v = this.dec.decode(any);
      } catch (err) {
        if (!(err instanceof MsgpackError)) throw err;
        // A value that failed to decode is consumed (the stream stays in sync); a failure that
        // consumed nothing (unscannable bytes, TOO_BIG) leaves the rest of the stream unreadable.
        const fatal = !this.pairing.started || this.dec.buffered === before;
        if (!this.pairing.started) {
          this.stopped = true;
          this.sink.notRpc(`${err.code}: ${err.message}`);
          return;
        }
        this.sink.decodeError(err, fatal);
        if (fatal) {
          this.stopped = true;
          return;
        }
        this.pairing.body(undefined);
        continue;
      }
      if (v === NEED_MORE) return;
      if (!this.pairing.wantsHeader) this.pairing.body({ value: v });
      else if (!this.pairing.header(headerOf(v), (m) => new MsgpackError('TYPE_MISMATCH', m))) {
        this.stopped = true;
        return;
      }
    }
  }
}
