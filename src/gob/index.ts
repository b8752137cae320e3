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
 * - bool → boolean. Integer kinds → number; decoding a value outside the safe-integer range
 *   throws PRECISION_LOSS, outside a narrower Go type OUT_OF_RANGE. `int64n`/`uint64n`/`intn`/
 *   `uintn` → bigint; `intAuto`/`uintAuto` → number when safe, else bigint (schemaless decoding
 *   uses these). Encoding accepts a safe-integer number or a bigint for any integer kind and
 *   range-checks it against the Go type.
 * - float32/float64 → number (float32 rounded with Math.fround both ways; an out-of-range
 *   float32 is OUT_OF_RANGE); complex → {@link GoComplex} `{ real, imag }`.
 * - string → string. A Go string is bytes: valid UTF-8 decodes normally and every byte that is
 *   not valid UTF-8 becomes the lone surrogate U+DC80+byte, which the encoder turns back into
 *   that byte, so any Go string round-trips ({@link goStringBytes} / {@link goStringFromBytes}
 *   convert; other lone surrogates cannot be encoded: UNSUPPORTED_VALUE).
 * - []byte → Uint8Array, a copy unless the Decoder option `zeroCopy` (then a view into the
 *   received chunk). `gob.slice(gob.uint8)` also travels as gob bytes (JS value: number[]).
 * - slices/arrays → arrays (array length checked). maps → Map; `null` is Go's nil map (what an
 *   absent struct field decodes to: Go omits nil maps but sends empty ones). Struct, array,
 *   complex and interface keys are objects; duplicates on the wire are merged by their encoded
 *   bytes. Deviation from Go: NaN keys collapse into one entry as in any JS Map.
 * - pointers are flattened: `ptr(T)` → T | null. structs → plain objects keyed by Go field names
 *   in declaration order (absent fields get their zero value; `null`/`undefined` fields are
 *   omitted when encoding). Embedded structs are fields named after their type (`gob.embed`),
 *   and remote fields promoted from them are found as Go's FieldByName does.
 * - interfaces → {@link GoInterface} | null; concrete types resolve through a {@link Registry}
 *   (Go's Register/RegisterName names; `defaultRegistry` unless one is passed).
 * - time.Time → {@link GoTime} (MarshalBinary versions 1 and 2, zone offsets, UTC = -1).
 * - Unknown fields: a struct decoded with a descriptor that lacks some wire fields keeps them
 *   (wire-typed, hidden in a non-enumerable symbol property; {@link unknownFields} lists them)
 *   and encoding the object again sends them back, so a partial descriptor is lossless in
 *   "decode, change, send back" code. Spreads drop them ({@link keepUnknownFields} copies them).
 *   Option `preserveUnknownFields: false` (Decoder: skip them, Encoder: drop them).
 *   Deviation from Go: Go's gob drops undeclared fields.
 * - Interface values of unregistered names fail like Go (UNREGISTERED_NAME) unless the Decoder
 *   option `unregisteredInterfaces: 'schemaless'`: then they decode with their wire types and
 *   keep their name, so they re-encode identically.
 * - Schemaless: `Decoder.decodeValue()` returns a {@link GobValue} whose descriptor is built from
 *   the stream's own definitions; `Encoder.encodeValue()` writes it back with the same wire types
 *   (byte-identical for streams from a fresh Go encoder).
 *
 * ## Encoder output
 * `encode` returns a view into an internal slab that is never written again (no copy per call);
 * a retained small result keeps its 64 KiB slab alive. `encodeChunks` returns writev-ready
 * chunks in which large `[]byte` values are referenced, not copied. Type ids are assigned in
 * Go's order starting at 64 (Go ≥ 1.21; option `firstTypeId: 65` for Go ≤ 1.20), so a fresh
 * Encoder writes the bytes of a fresh Go process for map-free values.
 *
 * ## Deviations from Go
 * Deviation from Go: decoding returns fresh values instead of merging into an existing variable.
 * Deviation from Go: type ids are numbered per Encoder (Go's counter is process-global), so a
 * second Encoder restarts at 64 where Go would continue. Registries are instance-scoped.
 * Deviation from Go: skipping nil interfaces and nested interfaces works (Go fails,
 * golang/go#34879).
 * Deviation from Go: default `maxMessageBytes` is 64 MiB (Go's `tooBig` is 8 GiB); `maxDepth`
 * (default 2000, what the JS stack holds with margin; Go's maxIgnoreNestingDepth is 10000) also
 * bounds decoded values and type definitions, which Go does not; `maxTypes` (default 100,000)
 * bounds the type definitions a peer may send, which Go does not; error messages are cut at
 * 2048 characters.
 * Deviation from Go: the Encoder's `maxDepth` (default 1000 levels of struct, slice, array, map
 * or interface nesting, in a value or its type) bounds what Go encodes without limit; the JS
 * stack does not grow like a goroutine's (see encode-depth.ts).
 *
 * ## Errors
 * Every entry point throws only {@link GobError} (`code`, `offset`, `cause`). Decoder failures
 * between values (bad or too big message length, corrupt or duplicate type definitions, input
 * ending inside a message) are sticky: every later call rethrows the same error. A failure
 * inside a value (TYPE_MISMATCH, OUT_OF_RANGE, PRECISION_LOSS, corrupt value bytes, …)
 * consumes that value's messages and the Decoder continues with the next value, as Go's
 * Decoder does (net/rpc relies on it to answer a request whose body does not decode).
 * An Encoder that throws is left unchanged (no definitions recorded as sent).
 */
export { GoNetrpcError } from '../internal/errors.js';
export { GobError } from './errors.js';
export { GobErrorCode } from './errors.js';
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
export { GoInterface } from './types.js';
export { iface } from './interface-value.js';
export { Registry, defaultRegistry } from './registry.js';
export { goString, registerName } from './go-names.js';
export { GoTime, marshalTime, time, unmarshalTime } from './time.js';
export { GobValue } from './value.js';
export { keepUnknownFields, unknownFields } from './unknown-fields.js';
export { Encoder } from './encoder.js';
export type { EncoderOptions } from './encoder.js';
export { MessagePairEncoder } from './message-pair.js';
export { Decoder, NEED_MORE } from './decoder.js';
export { DEFAULT_MAX_TYPES } from './decoder-options.js';
export type { DecoderOptions } from './decoder-options.js';
export { decodeStream } from './stream.js';
export { goStringBytes, goStringFromBytes } from './utf8.js';
export { WireStructDescriptor } from './wire-descriptor.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_MESSAGE_BYTES, GO_TOO_BIG } from './constants.js';
export { DEFAULT_MAX_ENCODE_DEPTH } from './encode-depth.js';
