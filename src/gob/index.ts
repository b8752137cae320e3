/**
 * go-netrpc/gob: Go's encoding/gob in TypeScript, byte-compatible with Go.
 *
 * ## Wire format (Go doc.go, in short)
 * A stream is a sequence of messages `uint(byteCount) body`. A body starts with `int(typeId)`:
 * negative = definition of type `-typeId` (a `wireType` struct), non-negative = a value of that
 * type. Unsigned ints are one byte below 0x80, else a negated byte count and big-endian bytes;
 * signed ints are zig-zag folded; floats are byte-reversed IEEE-754 float64 bits. Structs are
 * `(fieldDelta value)* 00` with zero fields omitted; top-level non-structs are preceded by a
 * `00`. Interface values carry a registered type name, the concrete type id, and a
 * length-prefixed value; a concrete type first met inside an interface makes the value span
 * several messages (the split rule), which both Encoder and Decoder handle exactly as Go.
 *
 * ## Values ⇄ JS
 * bool → boolean; int/uint kinds → number (decoding a value outside the safe-integer range
 * throws PRECISION_LOSS, outside a narrower Go type OUT_OF_RANGE); `int64n`/`uint64n`/`intn`/
 * `uintn` → bigint; `intAuto`/`uintAuto` → number when safe, else bigint (schemaless decoding
 * uses these). Encoding accepts a safe-integer number or a bigint for any integer kind.
 * float32/float64 → number (float32 rounded with Math.fround both ways; out-of-range float32
 * is OUT_OF_RANGE); complex → {@link GoComplex}. string → string: a Go string is bytes; valid
 * UTF-8 decodes normally and every invalid byte becomes the lone surrogate U+DC80+byte, which
 * the encoder turns back into that byte, so any Go string round-trips (see
 * {@link goStringBytes}/{@link goStringFromBytes}; other lone surrogates cannot be encoded).
 * []byte → Uint8Array (a copy unless `zeroCopy`). slices/arrays → arrays (array length checked).
 * maps → Map (struct/array/complex/interface keys are objects; duplicates on the wire are merged
 * by their encoded bytes; Deviation from Go: NaN keys collapse into one entry as in any JS Map).
 * pointers are flattened: `ptr(T)` → T | null. structs → plain objects keyed by Go field names
 * in declaration order; absent fields decode to their zero value (`undefined`/`null` fields are
 * omitted when encoding). interfaces → {@link GoInterface} | null. time.Time → {@link GoTime}.
 *
 * ## Deviations from Go
 * Deviation from Go: decoding returns fresh values instead of merging into an existing variable.
 * Deviation from Go: type ids are numbered per Encoder (a fresh Encoder behaves like a fresh Go
 * process); the pointer-receiver GobEncoder double id and Go's extra field definitions after a
 * struct-based GobEncoder are not reproduced. Registries are instance-scoped.
 * Deviation from Go: skipping nil interfaces and nested interfaces works (golang/go#34879).
 * Deviation from Go: default `maxMessageBytes` is 64 MiB (Go's `tooBig` is 8 GiB).
 *
 * ## Errors
 * Every entry point throws only {@link GobError} (`code`, `offset`). Decoder errors between
 * values (framing, definitions, truncation) are sticky; an error inside a value consumes that
 * value and the Decoder continues with the next one, as Go's Decoder does.
 */
export { GobError } from './errors.js';
export type { GobErrorCode } from './errors.js';
export {
  array,
  bool,
  bytes,
  complex128,
  complex64,
  embed,
  emptyStruct,
  error,
  float32,
  float64,
  gobEncoder,
  iface_ as interface,
  int,
  int16,
  int32,
  int64,
  int64n,
  int8,
  intAuto,
  intn,
  map,
  named,
  ptr,
  slice,
  string,
  struct,
  uint,
  uint16,
  uint32,
  uint64,
  uint64n,
  uint8,
  uintAuto,
  uintn,
  uintptr,
} from './types.js';
export type {
  ArrayDescriptor,
  BoolDescriptor,
  BytesDescriptor,
  ComplexDescriptor,
  Descriptor,
  FieldDescriptor,
  FloatDescriptor,
  GobEncoderDescriptor,
  GobEncoderHooks,
  GoComplex,
  Infer,
  IntDescriptor,
  InterfaceDescriptor,
  MapDescriptor,
  NamedDescriptor,
  PtrDescriptor,
  SliceDescriptor,
  StringDescriptor,
  StructDescriptor,
  UintDescriptor,
} from './types.js';
export { GoInterface, iface } from './interface-value.js';
export { Registry, defaultRegistry } from './registry.js';
export { goString, registerName } from './go-names.js';
export { GoTime, marshalTime, time, unmarshalTime } from './time.js';
export { GobValue } from './value.js';
export { Encoder } from './encoder.js';
export type { EncoderOptions } from './encoder.js';
export { Decoder, NEED_MORE } from './decoder.js';
export type { DecoderOptions } from './decoder.js';
export { decodeStream } from './stream.js';
export { goStringBytes, goStringFromBytes } from './utf8.js';
export { WireStructDescriptor } from './wire-descriptor.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_MESSAGE_BYTES, GO_TOO_BIG } from './constants.js';
