/**
 * The two byte-level dialects of Go's github.com/ugorji/go/codec msgpack encoder as Packer
 * configures it (`MsgpackHandle{WriteExt: true}`, plus `RawToString: true` in Packer ≤ 1.6).
 * Every encoding rule that differs between them is a field here, read by encoder.ts.
 *
 * - `ugorji-1.2` (ugorji 1.2.x: Packer 1.6.6 as shipped by Debian, packer-plugin-sdk, Packer ≥ 1.7):
 *   struct fields in declaration order, signed Go ints with signed markers above 127, nil
 *   `[]byte` as nil, `time.Time` as the timestamp extension −1 (zero time as nil).
 * - `ugorji-2015` (ugorji 646ae4a518c1, pinned by hashicorp/packer v1.6.6's go.mod, so legacy
 *   third-party plugins): struct fields sorted by name, non-negative ints as uints, a top-level
 *   nil `[]byte` as an empty bin, `time.Time` as its 15-byte `MarshalBinary` form in a bin.
 * Both write str8 (0xd9) and bin for `[]byte` (WriteExt). Decoding accepts either dialect.
 */

/** Name of an encoding dialect. */
export type MsgpackDialect = 'ugorji-1.2' | 'ugorji-2015';

/** The default dialect (what current Packer hosts and the SDK write). */
export const DEFAULT_DIALECT: MsgpackDialect = 'ugorji-1.2';

/** The encoding rules of one dialect. */
export interface DialectRules {
  /** Struct fields sorted by name (2015) rather than in declaration order. */
  readonly sortFields: boolean;
  /** Non-negative signed ints use the unsigned markers (2015: `cc`/`cd`/…; 1.2: `d1`/`d2`/…). */
  readonly positiveIntUnsigned: boolean;
  /**
   * A nil `[]byte` passed to `Encode` itself (an rpc body, not a field) is an empty bin `c4 00`
   * (2015's type-switch fast path) rather than nil `c0`. Nested nil `[]byte` is `c0` in both.
   */
  readonly nilBytesAsEmptyBin: boolean;
  /** `time.Time` as `MarshalBinary` bytes in a bin (2015) rather than the timestamp extension. */
  readonly timeAsBinary: boolean;
}

const RULES: Readonly<Record<MsgpackDialect, DialectRules>> = {
  'ugorji-1.2': { sortFields: false, positiveIntUnsigned: false, nilBytesAsEmptyBin: false, timeAsBinary: false },
  'ugorji-2015': { sortFields: true, positiveIntUnsigned: true, nilBytesAsEmptyBin: true, timeAsBinary: true },
};

/** Rules of `dialect`; undefined for an unknown name. */
export function dialectRules(dialect: MsgpackDialect): DialectRules | undefined {
  return Object.prototype.hasOwnProperty.call(RULES, dialect) ? RULES[dialect] : undefined;
}
