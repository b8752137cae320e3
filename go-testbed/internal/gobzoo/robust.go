package gobzoo

// robust.go: hostile and malformed streams, ported from Go's own tests (encoding/gob
// TestBadData, TestBadCount, TestErrorForHugeSlice, TestDecoderOverflow (issue 55337),
// TestLocalRemoteTypesMismatch (issue 62117), TestIgnoreDepthLimit at the real limit
// (CVE-2022-30635 / CVE-2024-34156)) plus decode-side type errors. gobgen records Go's own
// error text for each in the sidecar.

import (
	"bytes"
	"encoding/gob"
	"encoding/hex"
	"reflect"
)

func hexBytes(s string) func() []byte {
	return func() []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			panic(err)
		}
		return b
	}
}

func encoded(vs ...any) []byte {
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	for _, v := range vs {
		if err := enc.Encode(v); err != nil {
			panic(err)
		}
	}
	return b.Bytes()
}

// deepArrays returns a value of struct{F [1][1]...int} with depth array levels, built at run
// time as in Go's TestIgnoreDepthLimit.
func deepArrays(depth int) any {
	t := reflect.TypeOf(0)
	for i := 0; i < depth; i++ {
		t = reflect.ArrayOf(1, t)
	}
	return reflect.New(reflect.StructOf([]reflect.StructField{{Name: "F", Type: t}})).Interface()
}

// deepStructStream hand-builds what Go's encoder would send for a value of type
// struct{F struct{F ... int}} (depth levels), but with empty type names: Go names each nested
// field type by its full type string, which makes Go's own stream quadratic in the depth.
func deepStructStream(depth int) []byte {
	const first = 64
	var b bytes.Buffer
	for i := 0; i <= depth; i++ {
		id := first + i
		elem := id + 1
		if i == depth {
			elem = 2 // int
		}
		var m []byte
		m = appendInt(m, -int64(id))
		m = append(m, 0x03, 0x01, 0x02) // wireType.StructT, structType.CommonType, CommonType.Id
		m = appendInt(m, int64(id))
		m = append(m, 0x00, 0x01, 0x01) // end CommonType, structType.Field, 1 field
		m = append(m, 0x01, 0x01, 'F', 0x01)
		m = appendInt(m, int64(elem))
		m = append(m, 0x00, 0x00, 0x00) // end fieldType, structType, wireType
		b.Write(appendUint(nil, uint64(len(m))))
		b.Write(m)
	}
	value := appendInt(nil, first)
	value = append(value, 0x00) // zero struct: no fields
	b.Write(appendUint(nil, uint64(len(value))))
	b.Write(value)
	return b.Bytes()
}

func appendUint(b []byte, x uint64) []byte {
	if x < 0x80 {
		return append(b, byte(x))
	}
	var tmp [8]byte
	n := 8
	for x > 0 {
		n--
		tmp[n] = byte(x)
		x >>= 8
	}
	b = append(b, byte(-(8 - n)))
	return append(b, tmp[n:]...)
}

func appendInt(b []byte, i int64) []byte {
	var u uint64
	if i < 0 {
		u = uint64(^i<<1) | 1
	} else {
		u = uint64(i << 1)
	}
	return appendUint(b, u)
}

func hugeSlice() []byte {
	slice := []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	b := encoded(slice)
	b[len(b)-len(slice)-1] = 0xfa
	return b
}

// reverseDefinitions reorders the type definitions that precede the first value message of
// stream so that children come before parents (Go's decoder accepts any order).
func reverseDefinitions(stream []byte) []byte {
	var defs [][]byte
	rest := stream
	for len(rest) > 0 {
		n, w := readUint(rest)
		msg := rest[:w+int(n)]
		if id, _ := readUint(rest[w:]); id&1 == 0 { // even zig-zag value: type id ≥ 0, a value
			break
		}
		defs = append(defs, msg)
		rest = rest[len(msg):]
	}
	var out []byte
	for i := len(defs) - 1; i >= 0; i-- {
		out = append(out, defs[i]...)
	}
	return append(out, rest...)
}

// readUint decodes a gob unsigned integer, returning it and its width.
func readUint(b []byte) (uint64, int) {
	if b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	n := int(-int8(b[0]))
	var x uint64
	for _, c := range b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, 1 + n
}

func truncated(n int, vs ...any) func() []byte {
	return func() []byte {
		b := encoded(vs...)
		return b[:len(b)-n]
	}
}

func unregisteredName() []byte {
	// WithIface{Point{1,2}} with the interface name "main.Point" replaced by "main.Zzzzz".
	b := encoded(WithIface{Point{1, 2}})
	return bytes.Replace(b, []byte("main.Point"), []byte("main.Zzzzz"), 1)
}

var (
	badData     = []string{"", "7F6869", "036e6f77206973207468652074696d6520666f7220616c6c20676f6f64206d656e", "0424666f6f", "05100028557b02027f8302", "130a00fb5dad0bf8ff020263e70002fa28020202a89859", "0f1000fb285d003316020735ff023a65c5", "03fffb0616fffc00f902ff02ff03bf005d02885802a311a8120228022c028ee7", "10fe010f020102fe01100001fe010e000016fe010d030102fe010e00010101015801fe01100000000bfe011000f85555555555555555"}
	badDataET2  = map[int]bool{2: true, 3: true}
	badDataCode = [][]string{
		// #3 sends a value of bootstrap type id 18 (CommonType): Go decodes it as that struct and
		// fails on the field numbers; reporting the id as unknown is as sensible.
		{"UNEXPECTED_EOF"}, {"UNEXPECTED_EOF"}, {"UNKNOWN_TYPE_ID", "CORRUPT"}, {"CORRUPT", "UNKNOWN_TYPE_ID"}, {"CORRUPT", "UNEXPECTED_EOF"},
		{"CORRUPT", "UNEXPECTED_EOF", "TOO_BIG"}, {"CORRUPT", "UNEXPECTED_EOF", "UNKNOWN_TYPE_ID"},
		{"CORRUPT", "UNEXPECTED_EOF", "UNKNOWN_TYPE_ID", "DUPLICATE_TYPE"}, {"CORRUPT", "UNEXPECTED_EOF", "DUPLICATE_TYPE"},
	}
)

func init() {
	list := make([]Case, 0, len(badData))
	for i, h := range badData {
		c := Case{ID: "bad_data_" + string(rune('0'+i)), Desc: "Go TestBadData vector #" + string(rune('0'+i)) + ": " + h,
			Bytes: hexBytes(h), Codes: badDataCode[i]}
		if badDataET2[i] {
			c.Target = func() any { return new(ET2) }
		}
		list = append(list, c)
	}
	Hostile = append(list, Hostile...)
}

// Hostile is the list of malformed streams (each must fail to decode in Go and in TypeScript).
var Hostile = []Case{
	{ID: "bad_count", Desc: "Go TestBadCount: message count far beyond any limit", Bytes: hexBytes("fba5822fca01"),
		Codes: []string{"TOO_BIG", "CORRUPT"}},
	{ID: "huge_slice", Desc: "Go TestErrorForHugeSlice: []int count smashed to 0xfa…", Bytes: hugeSlice,
		Target: func() any { return new([]int) }, Codes: []string{"CORRUPT", "TOO_BIG", "UNEXPECTED_EOF"}},
	{ID: "overflow_55337", Desc: "Go TestDecoderOverflow (issue 55337): field-number overflow", Bytes: hexBytes("12ffff020220" + "00f87fffffffffffffffff" + "2020202020"),
		Codes: []string{"CORRUPT", "UNKNOWN_TYPE_ID", "UNEXPECTED_EOF"}},
	{ID: "mismatch_62117", Desc: "Go TestLocalRemoteTypesMismatch (issue 62117): self-referencing remote slice into []*struct{}",
		Bytes: hexBytes("097f030102ff80000000" + "03ff8000"), Target: func() any { return new([]*struct{}) },
		Codes: []string{"CORRUPT", "TYPE_MISMATCH", "DUPLICATE_TYPE", "UNKNOWN_TYPE_ID"}},
	{ID: "deep_array_ignored", Desc: "field F of [1][1]…int nested 10001 deep, ignored by the target struct{Hello int} (CVE-2022-30635)",
		Bytes: func() []byte { return encoded(deepArrays(10001)) }, Target: func() any { return new(Hello) },
		Codes: []string{"DEPTH_EXCEEDED"}},
	{ID: "deep_struct_ignored", Desc: "field F of struct{F struct{F …}} nested 10001 deep (unnamed types, hand-built definitions), ignored (CVE-2024-34156)",
		Bytes: func() []byte { return deepStructStream(10001) }, Target: func() any { return new(Hello) },
		Codes: []string{"DEPTH_EXCEEDED"}},
	{ID: "deep_array_skipped", Desc: "value whose type nests arrays 10001 deep, skipped with Decode(nil)",
		Bytes: func() []byte { return encoded(deepArrays(10001)) }, Codes: []string{"DEPTH_EXCEEDED"}},
	{ID: "truncated_value", Desc: "stream cut inside the value message", Bytes: truncated(2, AB{7, "hi"}),
		Target: func() any { return new(AB) }, Codes: []string{"UNEXPECTED_EOF"}},
	{ID: "truncated_after_types", Desc: "stream ends after the type definition, before the value",
		Bytes:  func() []byte { b := encoded(AB{7, "hi"}); return b[:b[0]+1] },
		Target: func() any { return new(AB) }, Codes: []string{"UNEXPECTED_EOF"}},
	{ID: "err_out_of_range", Desc: "int 300 decoded into int8", Bytes: func() []byte { return encoded(int64(300)) },
		Target: func() any { return new(int8) }, Codes: []string{"OUT_OF_RANGE"}},
	{ID: "err_field_out_of_range", Desc: "field A = 300 decoded into struct{A int8}", Bytes: func() []byte { return encoded(AB{A: 300}) },
		Target: func() any { return new(struct{ A int8 }) }, Codes: []string{"OUT_OF_RANGE"}},
	{ID: "err_struct_from_int", Desc: "int decoded into a struct", Bytes: func() []byte { return encoded(7) },
		Target: func() any { return new(AB) }, Codes: []string{"TYPE_MISMATCH"}},
	{ID: "err_string_from_int", Desc: "int decoded into a string", Bytes: func() []byte { return encoded(7) },
		Target: func() any { return new(string) }, Codes: []string{"TYPE_MISMATCH"}},
	{ID: "err_no_fields_match", Desc: "struct with no common field names", Bytes: func() []byte { return encoded(AB{1, "x"}) },
		Target: func() any { return new(Point) }, Codes: []string{"TYPE_MISMATCH"}},
	{ID: "err_field_type", Desc: "field B string received into uint", Bytes: func() []byte { return encoded(AB{1, "x"}) },
		Target: func() any { return new(struct{ B uint }) }, Codes: []string{"TYPE_MISMATCH"}},
	{ID: "err_array_len", Desc: "[3]int decoded into [2]int", Bytes: func() []byte { return encoded([3]int{1, 2, 3}) },
		Target: func() any { return new([2]int) }, Codes: []string{"TYPE_MISMATCH"}},
	{ID: "err_duplicate_type", Desc: "two Encoders' output concatenated: the type is defined twice", Bytes: func() []byte {
		return append(encoded(AB{1, "a"}), encoded(AB{2, "b"})...)
	}, Target: func() any { return new(AB) }, Codes: []string{"DUPLICATE_TYPE"}},
	{ID: "err_unregistered_name", Desc: "interface name not registered", Bytes: unregisteredName,
		Target: func() any { return new(WithIface) }, Codes: []string{"UNREGISTERED_NAME"}},
	{ID: "err_singleton_delta", Desc: "singleton value with a non-zero field delta", Bytes: hexBytes("03040106"),
		Target: func() any { return new(int) }, Codes: []string{"CORRUPT"}},
	{ID: "err_uint_count_byte", Desc: "unsigned integer with a count byte beyond 8", Bytes: hexBytes("030400f0"),
		Target: func() any { return new(int) }, Codes: []string{"CORRUPT", "UNEXPECTED_EOF"}},
	{ID: "err_type_id_reserved", Desc: "type definition for reserved id 2", Bytes: hexBytes("0b030201" + "02ff8200010c0000"),
		Codes: []string{"DUPLICATE_TYPE", "CORRUPT"}},
}
