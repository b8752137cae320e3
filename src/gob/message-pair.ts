/**
 * Two values encoded as one unit on one gob stream: what Go's net/rpc gob codecs do with a
 * header and its body (net/rpc client.go `gobClientCodec.WriteRequest`, server.go
 * `gobServerCodec.WriteResponse`: two `Encode` calls, then one `Flush`). The output holds the
 * bytes of both `Encode` calls (type definitions included) or, when either value fails to
 * encode, nothing at all.
 *
 * Deviation from Go: Go's bufio codec leaves the header behind when the body fails to encode,
 * which desynchronises the stream. Here a failed pair writes nothing; the first value's type
 * definitions that were recorded as sent are carried into the next pair's output, so the peer
 * still receives them before any value that uses them.
 */
import { concatBytes } from '../internal/bytes.js';
import { mayHoldInterface, type Encoder } from './encoder.js';
import { gobError } from './errors.js';
import { goString } from './go-names.js';
import type { Descriptor, Infer } from './types.js';

const EMPTY = new Uint8Array(0);

/** Encodes pairs of values (e.g. a net/rpc header and its body) atomically on one Encoder. */
export class MessagePairEncoder {
  /** First-value types whose definitions were sent (checked once each). */
  private readonly defined = new Set<Descriptor>();
  /** Definitions recorded as sent by pairs that then failed: owed to the stream. */
  private owed: Uint8Array | undefined;
  private readonly parts: Uint8Array[] = [EMPTY, EMPTY];

  /** @param encoder the stream's Encoder (use it for nothing else, or pairs may lose definitions). */
  constructor(readonly encoder: Encoder) {}

  /**
   * Encodes `first` then `second` as two Go `Encode` calls: returns their bytes in order
   * (definitions owed from an earlier failed pair first). The result array and its parts are
   * valid until the next call; the parts are never overwritten by the Encoder (see
   * `Encoder.encode`). `firstType` must hold no interface values (its values could then carry
   * definitions that a failed pair would lose).
   * @throws GobError as `Encoder.encode`, with nothing to write; INVALID_DESCRIPTOR when
   * `firstType` can hold an interface.
   */
  encode<A extends Descriptor, B extends Descriptor>(first: Infer<A>, firstType: A, second: Infer<B>, secondType: B): readonly Uint8Array[] {
    const enc = this.encoder;
    if (!this.defined.has(firstType)) this.define(firstType);
    const a = enc.encode(first, firstType);
    const b = enc.encode(second, secondType);
    const parts = this.parts;
    const owed = this.owed;
    if (owed === undefined) {
      if (parts.length !== 2) parts.length = 2;
      parts[0] = a;
      parts[1] = b;
    } else {
      this.owed = undefined;
      parts.length = 3;
      parts[0] = owed;
      parts[1] = a;
      parts[2] = b;
    }
    return parts;
  }

  /** Sends `type`'s definitions on their own (owed until a pair succeeds). */
  private define(type: Descriptor): void {
    if (mayHoldInterface(type)) {
      throw gobError('INVALID_DESCRIPTOR', `gob: the first value of a message pair cannot hold interfaces (${goString(type)})`);
    }
    const defs = this.encoder.encodeDefinitions(type);
    this.defined.add(type);
    if (defs.length > 0) this.owed = this.owed === undefined ? defs : concatBytes([this.owed, defs]);
  }
}
