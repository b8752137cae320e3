/**
 * go-netrpc/msgpack: MessagePack byte-identical to Go's github.com/ugorji/go/codec as Packer
 * configures it (`MsgpackHandle{WriteExt: true}`), in its two dialects `ugorji-1.2` (default)
 * and `ugorji-2015` (see dialect.ts). Schema-driven: descriptors (schema.ts) carry the Go type
 * of each value, so a Go `int` encodes as Go encodes it. `interface{}` values follow the
 * explicit mapping in value.ts. Decoding accepts either dialect, any field order and both
 * `time.Time` encodings; bad input throws {@link MsgpackError} with a stable `code`.
 * Encoders and decoders are compiled once per descriptor (generated struct code, closures when
 * code generation is disallowed); `encode` returns a view into a 64 KiB slab that is never
 * written again (a retained result keeps its slab alive).
 *
 * ```ts
 * const Req = struct('Request', { ServiceMethod: string, Seq: uint64 });
 * encode(Req, { ServiceMethod: 'Builder.Prepare', Seq: 0 }); // 82 ad"ServiceMethod" af"Builder.Prepare" a3"Seq" 00
 * ```
 */
export { GoNetrpcError } from '../internal/errors.js';
export { MsgpackError, MsgpackErrorCode } from './errors.js';
export { DEFAULT_DIALECT, dialectRules } from './dialect.js';
export type { DialectRules, MsgpackDialect } from './dialect.js';
export {
  any,
  bool,
  bytes,
  fileMode,
  float32,
  float64,
  int,
  int8,
  int16,
  int32,
  int64,
  int64n,
  map,
  ptr,
  slice,
  string,
  struct,
  time,
  uint,
  uint8,
  uint16,
  uint32,
  uint64,
  uint64n,
} from './schema.js';
export type {
  AnyType,
  BoolType,
  BytesType,
  FieldTypes,
  FloatType,
  Infer,
  IntType,
  MapType,
  MsgpackType,
  PtrType,
  SliceType,
  StringType,
  StructType,
  TimeType,
  UintType,
} from './schema.js';
export { GoTimestamp } from './time.js';
export { GoValue, MsgpackExt, typed } from './value.js';
export type { AnyValue } from './value.js';
export { MsgpackEncoder, encode, zeroOf, DEFAULT_MAX_DEPTH } from './encoder.js';
export type { EncoderOptions } from './encoder.js';
export { decode } from './decoder.js';
export type { DecoderOptions } from './decoder.js';
export { MsgpackStreamDecoder, NEED_MORE, DEFAULT_MAX_MESSAGE_BYTES } from './stream.js';
export type { StreamDecoderOptions } from './stream.js';
