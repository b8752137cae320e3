package main

// local.go: the corpus cases the conformance kit adds to the gob zoo (fixtures/gob): integer
// width boundaries, zero values, type-id reuse across messages, legitimately deep values, big
// (multi-MB) values, and hostile streams that claim huge lengths or reference undefined types.
// Big cases are not checked in: `gobconform stream NAME` writes them and the manifest pins
// their size and SHA-256.

import (
	"bytes"
	"encoding/gob"
	"math"
	"strings"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

// Extremes holds every integer kind at one extreme.
type Extremes struct {
	I   int
	I8  int8
	I16 int16
	I32 int32
	I64 int64
	U   uint
	U8  uint8
	U16 uint16
	U32 uint32
	U64 uint64
	UP  uintptr
}

// ZeroAll has a field of every kind; its zero value travels as an empty struct.
type ZeroAll struct {
	B   bool
	I   int64
	U   uint64
	F   float64
	C   complex128
	S   string
	By  []byte
	Sl  []string
	M   map[string]int
	A   [2]int
	St  gobzoo.Point
	P   *gobzoo.Point
	If  any
	Arr [0]int
}

// Sparse has twenty fields, so field deltas above 1 and up to 19 appear.
type Sparse struct {
	F0, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13, F14, F15, F16, F17, F18, F19 int
}

// Big holds a big byte slice, string and slice of structs in one value.
type Big struct {
	Bytes  []byte
	Text   string
	Points []gobzoo.Point
	Matrix [][]int32
}

// bigCases are generated on demand (`gobconform stream`), not checked in.
var bigCases = map[string]bool{"big_bytes": true, "big_string": true, "big_slice": true, "big_struct": true, "big_map": true}

func widths() []any {
	var vs []any
	for k := 1; k <= 8; k++ {
		if k < 8 {
			vs = append(vs, uint64(1)<<(8*k)-1, uint64(1)<<(8*k))
		}
		lim := int64(1)<<(8*k-2) - 1 // zig-zag: |i| < 2^(8k-2) fits k bytes
		if k == 8 {
			lim = math.MaxInt64
		}
		vs = append(vs, lim, -lim-1)
		if k < 8 {
			vs = append(vs, lim+1, -lim-2)
		}
	}
	return append(vs, uint64(math.MaxUint64), uint64(127), uint64(128), int64(-64), int64(-65), int64(63), int64(64))
}

func chain(depth int) *gobzoo.Tree {
	t := &gobzoo.Tree{Val: depth}
	for i := depth - 1; i > 0; i-- {
		t = &gobzoo.Tree{Val: i, Left: t}
	}
	return t
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*131 + i>>9)
	}
	return b
}

func points(n int) []gobzoo.Point {
	ps := make([]gobzoo.Point, n)
	for i := range ps {
		ps[i] = gobzoo.Point{X: i - n/2, Y: i * 7919 % 100003}
	}
	return ps
}

func vals(v ...any) func() []any { return func() []any { return v } }

func repeat(n int, v any) func() []any {
	return func() []any {
		vs := make([]any, n)
		for i := range vs {
			vs[i] = v
		}
		return vs
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

func appendUint(b []byte, x uint64) []byte {
	if x < 0x80 {
		return append(b, byte(x))
	}
	n := 0
	for y := x; y > 0; y >>= 8 {
		n++
	}
	b = append(b, byte(-n))
	for i := n - 1; i >= 0; i-- {
		b = append(b, byte(x>>(8*i)))
	}
	return b
}

func appendInt(b []byte, i int64) []byte {
	if i < 0 {
		return appendUint(b, uint64(^i<<1)|1)
	}
	return appendUint(b, uint64(i<<1))
}

// message frames body as one gob message (length prefix).
func message(body ...byte) []byte { return append(appendUint(nil, uint64(len(body))), body...) }

// singleton is a top-level value message of a builtin type id with one raw payload.
func singleton(id int64, payload ...byte) []byte {
	return message(append(append(appendInt(nil, id), 0x00), payload...)...)
}

// structDef defines struct type id with one field F of type elem (hand-built, like gobzoo's
// deepStructStream).
func structDef(id, elem int64) []byte {
	m := appendInt(nil, -id)
	m = append(m, 0x03, 0x01, 0x02) // wireType.StructT, structType.CommonType, CommonType.Id
	m = appendInt(m, id)
	m = append(m, 0x00, 0x01, 0x01, 0x01, 0x01, 'F', 0x01) // end CommonType, Field: 1 × {Name "F", Id …}
	m = appendInt(m, elem)
	m = append(m, 0x00, 0x00, 0x00)
	return message(m...)
}

// splitMessages returns the messages of a gob stream.
func splitMessages(s []byte) [][]byte {
	var out [][]byte
	for len(s) > 0 {
		n, w := readUint(s)
		out = append(out, s[:w+int(n)])
		s = s[w+int(n):]
	}
	return out
}

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

// hugeCount re-frames the last (value) message of Go's encoding of v, a top-level map or
// slice, with its element count replaced by count.
func hugeCount(v any, count uint64) func() []byte {
	return func() []byte {
		msgs := splitMessages(encoded(v))
		last := msgs[len(msgs)-1]
		_, w := readUint(last)
		body := last[w:]
		_, iw := readUint(body) // type id
		_, cw := readUint(body[iw+1:])
		nb := append(append([]byte{}, body[:iw+1]...), appendUint(nil, count)...)
		nb = append(nb, body[iw+1+cw:]...)
		return append(bytes.Join(msgs[:len(msgs)-1], nil), message(nb...)...)
	}
}

func hexish(parts ...[]byte) func() []byte { return func() []byte { return bytes.Join(parts, nil) } }

var localCases = []gobzoo.Case{
	{ID: "varint_widths", Desc: "integers at every width of gob's unsigned encoding (1 to 9 bytes), zig-zag signed boundaries", Values: func() []any { return widths() }},
	{ID: "int_extremes", Desc: "every integer kind at its maximum, then its minimum, as struct fields", Values: vals(
		Extremes{math.MaxInt64, math.MaxInt8, math.MaxInt16, math.MaxInt32, math.MaxInt64, math.MaxUint64, math.MaxUint8, math.MaxUint16, math.MaxUint32, math.MaxUint64, math.MaxUint64},
		Extremes{math.MinInt64, math.MinInt8, math.MinInt16, math.MinInt32, math.MinInt64, 0, 0, 0, 0, 0, 0},
		Extremes{I8: -1, U8: 1, I64: -1 << 53, U64: 1<<53 + 1})},
	{ID: "zero_all", Desc: "a struct with every kind of field, all zero, then one field at a time set", Values: vals(
		ZeroAll{}, ZeroAll{B: true}, ZeroAll{C: complex(0, 1)}, ZeroAll{By: []byte{}}, ZeroAll{Sl: []string{""}},
		ZeroAll{M: map[string]int{}}, ZeroAll{A: [2]int{0, 1}}, ZeroAll{St: gobzoo.Point{Y: 1}}, ZeroAll{P: &gobzoo.Point{}},
		ZeroAll{If: gobzoo.Point{}}, ZeroAll{If: 0}, ZeroAll{S: "x", F: -1})},
	{ID: "sparse_fields", Desc: "field deltas: only the first, the last, a middle and every other field set", Values: vals(
		Sparse{F0: 1}, Sparse{F19: 19}, Sparse{F7: 7}, Sparse{F0: 1, F19: -1}, Sparse{F1: 1, F3: 3, F5: 5, F17: 17}, Sparse{})},
	{ID: "type_reuse", Desc: "type ids defined once and reused by later messages, also inside interface values", Values: vals(
		gobzoo.Point{X: 1}, []gobzoo.Point{{X: 2}}, gobzoo.Point{Y: 3}, map[string]gobzoo.Point{"p": {X: 4, Y: 4}},
		gobzoo.WithIface{V: gobzoo.Point{X: 5}}, []gobzoo.Point{}, gobzoo.AB{A: 6}, gobzoo.WithIface{V: gobzoo.AB{B: "7"}},
		gobzoo.WithIface{V: gobzoo.Point{Y: 8}}, &gobzoo.Point{X: 9, Y: 9}, gobzoo.AB{B: "10"})},
	{ID: "many_messages", Desc: "2,000 messages of one type in one stream: the definition is sent once", Values: repeat(2000, gobzoo.AB{A: 1, B: "x"})},
	{ID: "deep_value", Desc: "a recursive value 1,000 pointers deep (legal: Go's depth limit applies only to ignored data)", Values: vals(*chain(1000))},
	{ID: "empty_stream", Desc: "an empty stream holds no values: the output is empty", Values: vals()},
	{ID: "big_bytes", Desc: "a 4 MiB []byte in one message", Values: func() []any { return []any{pattern(4 << 20)} }},
	{ID: "big_string", Desc: "a 2 MiB string, then a short one", Values: func() []any { return []any{strings.Repeat("gob ✓ ", 2<<20/8), "end"} }},
	{ID: "big_slice", Desc: "a []Point of 300,000 elements (about 3 MB)", Values: func() []any { return []any{points(300_000)} }},
	{ID: "big_struct", Desc: "a struct holding 1 MiB of bytes, a 1 MiB string, 50,000 points and a 300×300 matrix, twice", Values: func() []any {
		m := make([][]int32, 300)
		for i := range m {
			m[i] = make([]int32, 300)
			for j := range m[i] {
				m[i][j] = int32(i*j - 40000)
			}
		}
		b := Big{Bytes: pattern(1 << 20), Text: strings.Repeat("0123456789abcdef", 1<<16), Points: points(50_000), Matrix: m}
		return []any{b, b}
	}},
	{ID: "big_map", Desc: "a map[int]string of 50,000 entries (Go's order is random: values only)", Maps: true, Values: func() []any {
		m := make(map[int]string, 50_000)
		for i := range 50_000 {
			m[i*3-70_000] = strings.Repeat("v", i%17)
		}
		return []any{m}
	}},
}

// localHostile are stream-level hostile cases: any decoder must fail on them.
var localHostile = []gobzoo.Case{
	{ID: "h_length_prefix_cut", Desc: "the stream ends inside a message's length prefix", Bytes: hexish([]byte{0xfe, 0x01})},
	{ID: "h_msg_len_too_big", Desc: "a message claims 2^40 bytes (beyond Go's tooBig)", Bytes: hexish(appendUint(nil, 1<<40), []byte{0x0c, 0x00, 0x02})},
	{ID: "h_msg_len_4g_short", Desc: "a message claims 4 GiB (below tooBig) but 3 bytes follow: read in bounded chunks, unexpected EOF", Bytes: hexish(appendUint(nil, 4<<30), []byte{0x0c, 0x00, 0x02})},
	{ID: "h_string_len_huge", Desc: "a string claims 2^40 bytes inside a 14-byte message", Bytes: hexish(singleton(6, append(appendUint(nil, 1<<40), 'a', 'b')...))},
	{ID: "h_bytes_len_huge", Desc: "a []byte claims 2^62 bytes", Bytes: hexish(singleton(5, append(appendUint(nil, 1<<62), 1, 2, 3)...))},
	{ID: "h_slice_count_huge", Desc: "a []string claims 2^40 elements", Bytes: hugeCount([]string{"a"}, 1<<40)},
	{ID: "h_map_count_huge", Desc: "a map[string]int claims 2^40 entries", Bytes: hugeCount(map[string]int{"a": 1}, 1<<40)},
	{ID: "h_map_count_2g", Desc: "a map[int]int claims 2^31 entries with two present", Bytes: hugeCount(map[int]int{1: 1}, 1<<31)},
	{ID: "h_undefined_field_type", Desc: "a struct field refers to type id 99, never defined", Bytes: hexish(structDef(64, 99), message(append(appendInt(nil, 64), 0x01, 0x02, 0x00)...))},
	{ID: "h_undefined_value_type", Desc: "a value message of type id 70, never defined", Bytes: hexish(message(append(appendInt(nil, 70), 0x00, 0x02)...))},
	{ID: "h_trailing_garbage", Desc: "a valid value followed by bytes that are not a gob message", Bytes: func() []byte {
		return append(encoded(gobzoo.AB{A: 1, B: "ok"}), 0x05, 0xff, 0xff, 0xff, 0xff, 0xff)
	}},
	{ID: "h_int_9_bytes", Desc: "an integer whose count byte claims 9 bytes", Bytes: hexish(singleton(2, 0xf7, 1, 2, 3, 4, 5, 6, 7, 8, 9))},
	{ID: "h_negative_def_id_builtin", Desc: "a definition that redefines builtin id 6 (string)", Bytes: hexish(structDef(6, 2), singleton(6, 0x01, 'x'))},
}

func init() { localCases = append(localCases, localHostile...) }
