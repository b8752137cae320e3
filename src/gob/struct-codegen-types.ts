/**
 * Contract shared by the struct encode/decode function builders: generated (struct-codegen.ts)
 * and closure-based (struct-closures.ts).
 */
import type { Reader } from './reader.js';
import type { Descriptor } from './types.js';
import type { Writer } from './writer.js';

/** Encodes one value. */
export type Enc = (w: Writer, v: unknown) => void;
/** True when a struct field holding the value is omitted. */
export type Zero = (v: unknown) => boolean;
/** Decodes one value. */
export type Dec = (r: Reader) => unknown;

/** Per wire field: where it goes locally. */
export interface WireFieldPlan {
  /** Local top-level key (direct field), or null. */
  readonly key: string | null;
  /** Path through embedded structs (promoted field), or null. */
  readonly path: readonly string[] | null;
  /** Local descriptor of the field (null when skipped). */
  readonly type: Descriptor | null;
  /** Decoder (or skipper) of the field. */
  readonly fn: Dec;
  /** Undeclared field kept as index `keep` of the struct's unknown-field info (unknown-fields.ts). */
  readonly keep?: number;
}

/** What a struct decoder calls back into (the Decoder's state and error reporters). */
export interface StructDecoderHelpers {
  readonly state: { depth: number; readonly maxDepth: number };
  readonly deep: (r: Reader) => never;
  readonly outOfBounds: (r: Reader) => never;
  readonly precision: (r: Reader, name: string) => never;
  readonly setPath: (o: Record<string, unknown>, path: readonly string[], v: unknown) => void;
  /** Stores undeclared field `i` (plans with `keep`). */
  readonly keep?: (o: object, i: number, v: unknown) => void;
}
