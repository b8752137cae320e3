/**
 * The numbered cases of `conformance gob`: which corpus stream each feeds to the IUT and the gob
 * rule it checks (Go 1.26 encoding/gob doc.go, encode.go, decode.go, decoder.go, type.go). The
 * streams and Go's verdicts on them live in fixtures/conformance/gob/manifest.json (written by
 * go-testbed/cmd/gobconform). Ids are stable: a retired case keeps its id unused.
 */

/** One case: `name` is the corpus stream, `trickle` delivers it in 3-byte writes. */
export interface GobCaseDef {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly rule: string;
  readonly trickle?: boolean;
}

export interface GobSectionDef {
  readonly id: string;
  readonly title: string;
  /** `value`: reproduce the values; `hostile`: reject the stream; `typed`: reject it when decoding into the case's Go types. */
  readonly kind: 'value' | 'hostile' | 'typed';
  readonly cases: readonly GobCaseDef[];
}

const UINT = 'doc.go "Encoding details": an unsigned integer < 128 is one byte, else the negated byte count and big-endian bytes; encode.go encodeUint, decode.go decodeUint';
const INT = 'doc.go: a signed integer is zig-zag encoded as an unsigned one (bit 0 = complement); encode.go encodeInt, decode.go decInt*';
const TOP = 'doc.go: a top-level non-struct value travels as a singleton: type id, field delta 0, value; encoder.go Encode';
const STRUCT = 'doc.go: a struct is a sequence of (field delta, value) pairs ended by 0; zero-valued fields are omitted; encode.go encodeStruct, decode.go decodeStruct';
const IFACE = 'doc.go "Interface types": registered name, type definitions, type id, then the value as a length-prefixed message; encode.go encodeInterface, decode.go decodeInterface';
const MARSH = 'doc.go: a GobEncoder/BinaryMarshaler type travels as its byte payload (GobEncoderT/BinaryMarshalerT wire types); TextMarshaler alone is ignored; encode.go encodeGobEncoder, type.go gobEncoderType';
const STREAM = 'doc.go: a stream is length-prefixed messages; each type is defined once per Encoder (negative id) before its first value; decoder.go recvMessage, decodeTypeSequence';
const HOSTILE = 'a decoder must reject malformed input with an error in time and memory bounded by the input (decoder.go recvMessage/tooBig, decode.go getLength and "exceeds input size" checks, maxIgnoreNestingDepth)';

function c(id: string, name: string, title: string, rule: string, trickle = false): GobCaseDef {
  return trickle ? { id, name, title, rule, trickle } : { id, name, title, rule };
}

export const GOB_SECTIONS: readonly GobSectionDef[] = [
  {
    id: '1',
    title: 'Scalars and integer boundaries',
    kind: 'value',
    cases: [
      c('1.1', 'bool', 'bool true and false', `${TOP}; doc.go: bool as unsigned 0 or 1`),
      c('1.2', 'int_edges', 'int64 range edges and width boundaries', INT),
      c('1.3', 'int_kinds', 'int, int8, int16, int32 extremes', `${INT}; all signed kinds share wire type int (id 2)`),
      c('1.4', 'uint_edges', 'uint64 edges up to 2^64-1', UINT),
      c('1.5', 'uint_kinds', 'uint, uint8, uint16, uint32, uintptr extremes', `${UINT}; all unsigned kinds share wire type uint (id 3)`),
      c('1.6', 'varint_widths', 'integers at every encoded width (1–9 bytes)', `${UINT}; ${INT}`),
      c('1.7', 'int_extremes', 'every integer kind at its maximum and minimum, as struct fields', `${INT}; ${STRUCT}`),
      c('1.8', 'float64', 'float64: ±0, subnormal, max, infinities, NaN', 'doc.go: a float is its IEEE 754 bits byte-reversed, sent as an unsigned integer; encode.go floatBits'),
      c('1.9', 'float64_go_nan', "Go's math.NaN() keeps its payload", 'encode.go floatBits: the bits are sent unchanged, NaN payload included'),
      c('1.10', 'float32', 'float32 values, widened on the wire', 'doc.go: float32 travels as float64 (wire type float, id 4); encode.go encFloat32'),
      c('1.11', 'complex', 'complex64 and complex128', 'doc.go: a complex is two floats (real, imaginary); encode.go encComplex'),
      c('1.12', 'strings', 'strings: empty, Unicode, NUL, control characters', 'doc.go: a string is an unsigned byte count and the bytes; encode.go encString'),
      c('1.13', 'strings_non_utf8', 'strings that are not UTF-8 keep their bytes', 'doc.go: strings are byte sequences; decode.go decString does not validate UTF-8'),
      c('1.14', 'bytes', '[]byte values, including a named one', 'doc.go: []byte is sent as a byte count and the bytes (wire type id 5); encode.go encUint8Array'),
    ],
  },
  {
    id: '2',
    title: 'Composite types',
    kind: 'value',
    cases: [
      c('2.1', 'arrays', 'arrays, including [4]byte and nested arrays', 'doc.go: an array is its element count and the elements (ArrayT); encode.go encodeArray'),
      c('2.2', 'slices', 'slices of ints, strings, structs, pointers', 'doc.go: a slice is its element count and the elements (SliceT); encode.go encodeArray'),
      c('2.3', 'map_single', 'maps with one entry, several key kinds', 'doc.go: a map is its entry count and key/value pairs (MapT); encode.go encodeMap'),
      c('2.4', 'map_multi', 'maps with several entries (any order)', 'doc.go: map entries travel in iteration order, which Go randomises: values only; decode.go decodeMap'),
      c('2.5', 'struct_basic', 'structs; a second value of a type sends no definition', `${STRUCT}; ${STREAM}`),
      c('2.6', 'struct_scalars', 'a struct with every scalar kind, set and zero', STRUCT),
      c('2.7', 'struct_empty', 'struct{}{} (net/rpc error body) and a named empty struct', `${STRUCT}; an empty struct is just the terminating 0`),
      c('2.8', 'struct_hidden', 'unexported, chan and func fields are not sent', 'doc.go: only exported fields of encodable types are sent; type.go newStructType isSent'),
      c('2.9', 'pointers', 'pointers are flattened; nil pointer fields omitted', 'doc.go: pointers are not transmitted, the values they point to are; encode.go encIndirect'),
      c('2.10', 'embedded', 'embedded structs travel as fields named after their type', 'doc.go: embedded fields are fields named after their type; type.go newStructType'),
      c('2.11', 'named', 'named basic and container types', 'type.go: a named non-struct type travels as its underlying wire type; named containers get their own ids'),
      c('2.12', 'slice_definition_order', 'definitions of a struct, its slice and element type', 'encoder.go sendType/sendActualType: a type is defined after the types it refers to, in Go\'s order'),
      c('2.13', 'recursive', 'recursive types through pointers, slices and maps', 'type.go: recursive types are defined once and refer to their own id; decode.go compileDec handles cycles'),
      c('2.14', 'deep_value', 'a legal value nested 1,000 pointers deep', 'decode.go: the nesting limit (maxIgnoreNestingDepth) applies to ignored data only; a deep value of a recursive type decodes'),
    ],
  },
  {
    id: '3',
    title: 'Zero values and omitted fields',
    kind: 'value',
    cases: [
      c('3.1', 'struct_zero_rules', 'omission rules: -0, NaN, empty map, pointer to zero', 'encode.go encOpFor/valid: a zero scalar is omitted (sendZero false), -0 counts as zero, NaN does not; empty maps are sent; pointers to zero structs are sent'),
      c('3.2', 'zero_all', 'a zero struct of every field kind, then one field set at a time', STRUCT),
      c('3.3', 'sparse_fields', 'field deltas up to 19 among twenty fields', 'doc.go: field numbers are deltas from the previous sent field; decode.go decodeStruct "field numbers out of bounds"'),
    ],
  },
  {
    id: '4',
    title: 'Interfaces',
    kind: 'value',
    cases: [
      c('4.1', 'iface_struct', 'a registered struct inside an interface field', IFACE),
      c('4.2', 'iface_pointer', 'a type registered through its pointer ("*main.PtrPoint")', `${IFACE}; type.go Register's pointer naming`),
      c('4.3', 'iface_builtins', 'pre-registered builtin types inside interfaces', `${IFACE}; type.go registerBasics`),
      c('4.4', 'iface_toplevel', 'top-level interface values, including nil', `${IFACE}; a top-level interface is Encode(&v): wire type id 8; a nil interface is an empty name`),
      c('4.5', 'iface_nested', 'interfaces inside interfaces: definitions inside the payload', IFACE),
      c('4.6', 'iface_slice', '[]interface{} with nil, builtins, structs, nested slices', IFACE),
      c('4.7', 'iface_map_single', 'map[string]interface{} with one entry', IFACE),
      c('4.8', 'iface_map_multi', 'map[string]interface{} with several entries (any order)', IFACE),
      c('4.9', 'iface_shapes', 'non-empty interface types in slices and fields', IFACE),
      c('4.10', 'iface_containers', 'interfaces as array elements, map keys and values', IFACE),
    ],
  },
  {
    id: '5',
    title: 'GobEncoder, BinaryMarshaler and special types',
    kind: 'value',
    cases: [
      c('5.1', 'marshalers', 'BinaryMarshaler, GobEncoder, TextMarshaler-only, pointer receivers', MARSH),
      c('5.2', 'embedded_marshalers', 'structs embedding marshalers (k8s metav1.Time)', MARSH),
      c('5.3', 'netip', 'net.IP (MarshalText only) travels as []byte', MARSH),
      c('5.4', 'bigint', '*big.Int (GobEncoder) at top level and as fields', MARSH),
      c('5.5', 'time_utc', 'time.Time in UTC; zero time omitted', `${MARSH}; time.Time MarshalBinary version 1`),
      c('5.6', 'time_zones', 'time.Time with fixed and second-granular offsets', `${MARSH}; time.Time MarshalBinary version 2 for second offsets`),
    ],
  },
  {
    id: '6',
    title: 'Streams: type ids, chunking, big values',
    kind: 'value',
    cases: [
      c('6.1', 'multi_values', 'many values of mixed types on one Encoder', STREAM),
      c('6.2', 'type_reuse', 'type ids reused across messages and inside interfaces', `${STREAM}; encoder.go sent map`),
      c('6.3', 'many_messages', '2,000 messages of one type, one definition', STREAM),
      c('6.4', 'other_encoder_order', 'definitions children-first, as another encoder sends them', 'decoder.go decodeTypeSequence: definitions may come in any order before the value that uses them'),
      c('6.5', 'non_minimal_uints', 'non-minimal unsigned encodings (leading zero bytes)', 'decode.go decodeUint accepts leading zero bytes; an encoder writes the minimal form'),
      c('6.6', 'netrpc', 'net/rpc client bytes: Request headers and args', 'net/rpc gobClientCodec: Request and body, one Encoder per connection'),
      c('6.7', 'netrpc_response', 'net/rpc server bytes: Response headers, error body struct{}{}', 'net/rpc gobServerCodec: Response and body, invalidRequest struct{}{} for errors'),
      c('6.8', 'empty_stream', 'an empty stream: no values, empty output', 'decoder.go: io.EOF at a message boundary is the clean end of the stream'),
      c('6.9', 'multi_values', 'a stream delivered in 3-byte writes (messages span reads)', 'decoder.go recvMessage reads a whole message whatever the read boundaries (io.ReadFull)', true),
      c('6.10', 'big_bytes', 'a 4 MiB []byte in one message', 'decoder.go readMessage: messages up to tooBig; saferio.ReadData reads big ones in chunks'),
      c('6.11', 'big_string', 'a 2 MiB string', 'decoder.go readMessage; doc.go strings'),
      c('6.12', 'big_slice', 'a []Point of 300,000 elements (3 MB)', 'decode.go decodeSlice: element count checked against the remaining input'),
      c('6.13', 'big_struct', 'a 5.7 MB struct of bytes, string, points and a matrix, twice', STREAM),
      c('6.14', 'big_map', 'a map of 50,000 entries (any order)', 'decode.go decodeMap'),
    ],
  },
  {
    id: '7',
    title: 'Malformed and hostile streams',
    kind: 'hostile',
    cases: [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => c(`7.${i}`, `bad_data_${i}`, `Go TestBadData vector #${i}`, `${HOSTILE}; encoding/gob codec_test.go TestBadData`)),
      c('7.9', 'bad_count', 'message count far beyond any limit (TestBadCount)', 'decoder.go recvMessage: a length ≥ tooBig is "invalid message length"'),
      c('7.10', 'huge_slice', 'slice count smashed to 2^41 (TestErrorForHugeSlice)', 'decode.go decodeSlice/ignoreSlice: count checked against the remaining input'),
      c('7.11', 'overflow_55337', 'field-number overflow (issue 55337)', 'decode.go decodeStruct: "field numbers out of bounds"'),
      c('7.12', 'deep_array_ignored', 'arrays nested 10,001 deep (CVE-2022-30635)', 'decode.go maxIgnoreNestingDepth = 10000: "invalid nesting depth"'),
      c('7.13', 'deep_struct_ignored', 'structs nested 10,001 deep (CVE-2024-34156)', 'decode.go maxIgnoreNestingDepth = 10000'),
      c('7.14', 'deep_array_skipped', 'a value whose type nests 10,001 arrays, skipped', 'decode.go maxIgnoreNestingDepth = 10000'),
      c('7.15', 'truncated_value', 'stream cut inside a value message', 'decoder.go readMessage: io.ErrUnexpectedEOF'),
      c('7.16', 'truncated_after_types', 'stream ends after the definitions, before the value', 'decoder.go decodeTypeSequence: io.ErrUnexpectedEOF'),
      c('7.17', 'err_duplicate_type', "two Encoders' output concatenated: a type defined twice", 'decoder.go recvType: "duplicate type received"'),
      c('7.18', 'err_singleton_delta', 'a singleton with a non-zero field delta', 'decode.go decodeSingle: "non-zero delta for singleton"'),
      c('7.19', 'err_uint_count_byte', 'an unsigned integer whose count byte claims more than 8 bytes', 'decode.go decodeUint: "encoded unsigned integer out of range"'),
      c('7.20', 'err_type_id_reserved', 'a definition of reserved builtin id 2', 'decoder.go recvType: "duplicate type received"'),
      c('7.21', 'h_length_prefix_cut', 'the stream ends inside a length prefix', 'decoder.go recvMessage/decodeUintReader: io.ErrUnexpectedEOF'),
      c('7.22', 'h_msg_len_too_big', 'a message claiming 2^40 bytes', 'decoder.go recvMessage: ≥ tooBig is "invalid message length"'),
      c('7.23', 'h_msg_len_4g_short', 'a message claiming 4 GiB with 3 bytes present', 'decoder.go readMessage: saferio.ReadData reads in chunks, so a false claim costs no memory; io.ErrUnexpectedEOF'),
      c('7.24', 'h_string_len_huge', 'a string claiming 2^40 bytes', 'decode.go decString/getLength: "slice length too large"'),
      c('7.25', 'h_bytes_len_huge', 'a []byte claiming 2^62 bytes', 'decode.go decUint8Slice/getLength: "slice length too large"'),
      c('7.26', 'h_slice_count_huge', 'a []string claiming 2^40 elements', 'decode.go decodeSlice: "length exceeds input size"'),
      c('7.27', 'h_map_count_huge', 'a map claiming 2^40 entries with one present', 'decode.go decodeMap/ignoreMap read entries until the message ends: Go returns io.EOF and drops the value; the IUT must not produce it'),
      c('7.28', 'h_map_count_2g', 'a map claiming 2^31 entries with one present', 'decode.go decodeMap (MakeMapWithSize(n)) / ignoreMap: the claim must not be allocated up front; Go returns io.EOF and drops the value'),
      c('7.29', 'h_undefined_field_type', 'a struct field of type id 99, never defined', 'decoder.go/decode.go compileIgnoreSingle: "bad data: undefined type"'),
      c('7.30', 'h_undefined_value_type', 'a value of type id 70, never defined', 'decode.go decodeIgnoredValue: "bad data: undefined type"'),
      c('7.31', 'h_trailing_garbage', 'a valid value followed by garbage', 'decoder.go: every message must decode; the garbage is "field numbers out of bounds"'),
      c('7.32', 'h_int_9_bytes', 'an integer whose count byte claims 9 bytes', 'decode.go decodeUint: "encoded unsigned integer out of range"'),
      c('7.33', 'h_negative_def_id_builtin', 'a definition that redefines builtin id 6 (string)', 'decoder.go recvType: "duplicate type received"'),
    ],
  },
  {
    id: '8',
    title: 'Decoding into Go types (typed IUTs)',
    kind: 'typed',
    cases: [
      c('8.1', 'mismatch_62117', 'self-referencing remote slice into []*struct{} (issue 62117)', 'decode.go compatibleType: recursion check, "decoding into local type"'),
      c('8.2', 'err_out_of_range', 'int 300 into int8', 'decode.go decInt8: "value for … out of range"'),
      c('8.3', 'err_field_out_of_range', 'field A = 300 into struct{A int8}', 'decode.go decInt8 in a field: out of range'),
      c('8.4', 'err_struct_from_int', 'an int into a struct', 'decode.go compileDec: "type mismatch in decoder: want struct type"'),
      c('8.5', 'err_string_from_int', 'an int into a string', 'decode.go compatibleType: "decoding into local type … received remote type"'),
      c('8.6', 'err_no_fields_match', 'a struct with no field in common', 'decode.go compileDec: "type mismatch: no fields matched"'),
      c('8.7', 'err_field_type', 'field B string into uint', 'decode.go compileDec: "wrong type (uint) for received field"'),
      c('8.8', 'err_array_len', '[3]int into [2]int', 'decode.go compatibleType: array lengths must match'),
      c('8.9', 'err_unregistered_name', 'an interface name that is not registered', 'decode.go decodeInterface: "name not registered for interface"'),
    ],
  },
];
