/**
 * The explicit mapping between Go `interface{}` values and JS values.
 *
 * Decoding (what ugorji's naked decode produces, as JS): nil → `null`; bool → boolean; any
 * integer → number when safe, else bigint; float32/float64 → number; str → string; bin →
 * Uint8Array; array → array; map with only str keys → plain object (Go `map[string]interface{}`,
 * e.g. a Packer config), other maps → `Map`; extension −1 → {@link GoTimestamp}; other
 * extensions → {@link MsgpackExt}.
 *
 * Encoding: `null`/`undefined` → nil; boolean → bool; number → float64 (Go values that came from
 * JSON are float64), bigint → int64; string → str; Uint8Array → bin; array → `[]interface{}`;
 * plain object → `map[string]interface{}`; Map → map; GoTimestamp → time.Time; MsgpackExt →
 * the extension; {@link typed}`(type, value)` → the value encoded as that Go type (e.g. an `int`).
 */
import type { MsgpackType } from './schema.js';
import type { GoTimestamp } from './time.js';

/** A msgpack extension value other than the timestamp. */
export class MsgpackExt {
  constructor(
    readonly type: number,
    readonly data: Uint8Array,
  ) {}
}

/** A JS value with an explicit Go type, for use inside `interface{}` values. */
export class GoValue {
  constructor(
    readonly type: MsgpackType,
    readonly value: unknown,
  ) {}
}

/** Wraps `value` so that it encodes as Go type `type` inside an `interface{}`. */
export function typed(type: MsgpackType, value: unknown): GoValue {
  return new GoValue(type, value);
}

/** A JS value standing for a Go `interface{}` (see the mapping above). */
export type AnyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | GoTimestamp
  | MsgpackExt
  | GoValue
  | AnyValue[]
  | Map<AnyValue, AnyValue>
  | { [key: string]: AnyValue };
