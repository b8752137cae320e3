/**
 * Schemaless values: a decoded value together with the descriptor made from its wire type, so
 * that `Encoder.encodeValue` can re-encode it with the same wire types.
 */
import type { Descriptor } from './types.js';

/** A value with its (wire-derived or user) descriptor. */
export class GobValue<T = unknown> {
  constructor(
    /** Descriptor of the value's type (from the stream's own definitions when decoded schemaless). */
    readonly type: Descriptor,
    /** The JS value (see the mapping in index.ts). */
    readonly value: T,
    /** The type id the value had on the stream it was decoded from (informational). */
    readonly wireId: number = 0,
  ) {}
}
