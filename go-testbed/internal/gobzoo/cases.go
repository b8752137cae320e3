package gobzoo

// cases.go lists the value cases of the zoo: each case is a sequence of values written by ONE
// fresh gob.Encoder in a fresh process (Go's type ids are process-global, so gobgen runs
// every case in its own process).

import (
	"math"
	"math/big"
	"net"
	"net/rpc"
	"time"
)

// Case is one golden stream.
type Case struct {
	ID   string
	Desc string
	// Values returns fresh values passed, in order, to one Encoder's Encode.
	Values func() []any
	// Maps: the stream holds maps with several entries, whose order Go randomises, so the
	// bytes are not reproducible; compare decoded values only.
	Maps bool
	// Raw, for a value case: a stream Go's encoder does not write but Go's decoder accepts
	// (Values then only give the Go types to decode into); never byte-compared.
	Raw func() []byte
	// Hostile streams: Bytes is the stream, Target a fresh decode target (nil = Decode(nil)),
	// Codes the acceptable GobError codes of the TypeScript decoder.
	Bytes  func() []byte
	Target func() any
	Codes  []string
}

func vals(v ...any) func() []any { return func() []any { return v } }

func ptr[T any](v T) *T { return &v }

var (
	utc2020  = time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC)
	plusOne  = time.FixedZone("CET", 3600)
	minus8   = time.FixedZone("PST", -8*3600)
	oddZone  = time.FixedZone("LMT", 3600+1800+17) // second-granular offset → version 2
	goNaN    = math.NaN()
	plainNaN = math.Float64frombits(0x7FF8000000000000)
)

// Cases is the value zoo.
var Cases = []Case{
	{ID: "bool", Desc: "bool true and false (singletons)", Values: vals(true, false)},
	{ID: "int_edges", Desc: "int64 range edges and encoding-width boundaries", Values: vals(
		int64(0), int64(1), int64(-1), int64(63), int64(64), int64(-64), int64(-65), int64(127),
		int64(-128), int64(128), int64(-129), int64(255), int64(256), int64(1<<40), int64(math.MaxInt32),
		int64(math.MinInt32), int64(1<<53-1), int64(-(1<<53 - 1)), int64(1<<53), int64(-(1 << 53)),
		int64(math.MaxInt64), int64(math.MinInt64))},
	{ID: "int_kinds", Desc: "int, int8, int16, int32 range edges", Values: vals(
		int(3), int(-7), int8(127), int8(-128), int16(32767), int16(-32768), int32(math.MaxInt32),
		int32(math.MinInt32), int(math.MaxInt64), int(math.MinInt64))},
	{ID: "uint_edges", Desc: "uint64 edges", Values: vals(
		uint64(0), uint64(127), uint64(128), uint64(255), uint64(256), uint64(0xFFFF), uint64(1<<53-1),
		uint64(1<<53), uint64(1<<63), uint64(math.MaxUint64))},
	{ID: "uint_kinds", Desc: "uint, uint8, uint16, uint32, uintptr edges", Values: vals(
		uint(42), uint8(255), uint16(65535), uint32(math.MaxUint32), uintptr(0xdeadbeef),
		uint(math.MaxUint64), uint8(0))},
	{ID: "float64", Desc: "float64: zero, -0, small, large, infinities, canonical NaN", Values: vals(
		0.0, math.Copysign(0, -1), 1.5, 17.0, 2.0, 0.1, -3.25, math.MaxFloat64, math.SmallestNonzeroFloat64,
		math.Inf(1), math.Inf(-1), plainNaN, 1e21, 123456789.123)},
	{ID: "float64_go_nan", Desc: "Go's math.NaN() (payload 1): bytes keep the payload", Values: vals(goNaN)},
	{ID: "float32", Desc: "float32: rounding, max, infinity", Values: vals(
		float32(1.5), float32(0.1), float32(math.MaxFloat32), float32(math.SmallestNonzeroFloat32),
		float32(math.Inf(-1)), float32(-2.75), MyFloat(3.3))},
	{ID: "complex", Desc: "complex64 and complex128", Values: vals(
		complex(1, 2), complex(-1.5, 0), complex(0, math.Inf(1)), complex64(complex(0.1, -0.2)),
		complex(0, 0))},
	{ID: "strings", Desc: "strings: empty, ASCII, Unicode, NUL, U+FFFD, control characters", Values: vals(
		"", "hi", "héllo 世界 🙂", "a\x00b", "\ufffd", "tab\tnl\n\"q\" \\ \x7f")},
	{ID: "strings_non_utf8", Desc: "strings that are not UTF-8 travel as raw bytes", Values: vals(
		"\xff\xfe", "a\x80b", "\xed\xa0\x80", "ok\xc3", WithNonUTF8{S: "\xc0\xafx", L: []string{"\xff", "y"}})},
	{ID: "bytes", Desc: "[]byte: empty, small, 300 bytes, named []byte", Values: vals(
		[]byte{}, []byte{1, 2, 3}, seqBytes(300), MyBytes("named"), []uint8{0, 255})},
	{ID: "arrays", Desc: "arrays: ints with zeros, byte array (not bytes), nested, empty", Values: vals(
		[3]int{1, 0, 3}, [4]byte{1, 2, 200, 0}, [2][2]string{{"a", ""}, {"", "d"}}, [0]int{},
		ArrHolder{A: [3]int{1, 0, 3}, B: [4]byte{9, 8, 7, 6}, AA: [2][2]string{{"x", "y"}, {"z", "w"}}},
		ArrHolder{})},
	{ID: "slices", Desc: "slices: ints, strings, nested, structs, pointers to structs, empty", Values: vals(
		[]int{1, 2, 3}, []string{"a", "bc"}, []string{}, [][]int{{1}, {}, {2, 3}}, []Point{{1, 2}, {3, 4}},
		[]*Point{{5, 6}}, []float64{0.5, -0.0, 2}, []bool{true, false}, []int8{-1, 2})},
	{ID: "map_single", Desc: "maps with one entry: byte-reproducible", Values: vals(
		map[string]int{"one": 1}, map[int]string{-7: "neg"}, map[KeyS]string{{1, "k"}: "struct key"},
		map[[2]int]bool{{1, 2}: true}, map[float64]string{1.5: "f"}, map[string][]int{"s": {1, 2}},
		map[string]map[string]int{"outer": {"inner": 3}}, map[string]int{}, map[string]int(nil),
		map[bool]Point{true: {7, 8}})},
	{ID: "map_multi", Desc: "maps with several entries (Go's order is random): values only", Maps: true, Values: vals(
		map[string]int{"a": 1, "b": 2, "c": 3, "": 0}, map[int]float64{1: 1.5, -2: 2.5, 1 << 60: 3},
		map[KeyS][]string{{1, "x"}: {"p"}, {2, "y"}: nil, {0, ""}: {"q", "r"}},
		map[float64]int{math.Inf(1): 1, math.Inf(-1): 2, 0: 3},
		Containers{
			Ints: []int{1, 2}, Strs: []string{"x"}, Nested: [][]int{{1}, {2, 3}},
			Points: []Point{{1, 1}}, PPoints: []*Point{{2, 2}, {3, 3}},
			ByKey:  map[KeyS]string{{1, "a"}: "A", {2, "b"}: "B"},
			ArrKey: map[[2]int]bool{{0, 1}: true, {1, 0}: false},
			MapMap: map[string]map[string]int{"m": {"a": 1, "b": 2}, "e": {}},
			SliceM: map[string][]int{"x": {1}, "y": {}},
			PSlice: &[]int{4, 5}, PMap: &map[string]int{"p": 1, "q": 2},
		})},
	{ID: "struct_basic", Desc: "Point and AB structs; second value of a type sends no definition", Values: vals(
		Point{22, 33}, Point{22, 33}, AB{7, "hi"}, AB{}, AB{A: -1}, &Point{-1, 1})},
	{ID: "struct_scalars", Desc: "struct with every scalar kind, all set then all zero", Values: vals(
		Scalars{true, -1, -8, -16, -32, math.MinInt64, 1, 255, 65535, math.MaxUint32, math.MaxUint64, 77,
			1.25, -2.5, complex(1, -1), complex(0, 3), "s", []byte("by")},
		Scalars{})},
	{ID: "struct_zero_rules", Desc: "zero omission and its exceptions: -0 dropped, NaN sent, empty map sent, zero array and struct sent, pointer to 0 omitted, pointer to zero struct sent, zero time omitted", Values: vals(
		ZeroRules{NegZero: math.Copysign(0, -1), NaN: plainNaN, EmptyMap: map[string]int{}, PZeroInt: ptr(0),
			PZeroIn: &Inner{}, Last: 1},
		ZeroRules{},
		ZeroRules{EmptySl: []int{}, Iface: Empty{}, T: utc2020, NilMap: map[string]int{"k": 1}})},
	{ID: "struct_empty", Desc: "struct{}{} (net/rpc's error body) and a named empty struct", Values: vals(
		struct{}{}, Empty{}, struct{}{})},
	{ID: "struct_hidden", Desc: "unexported, chan and func fields are neither described nor sent", Values: vals(
		Hidden{A: 1, hidden: 2, B: "b"})},
	{ID: "pointers", Desc: "pointers are flattened: **int, *Point, nested struct pointers", Values: vals(
		ptr(ptr(5)), &Point{1, 2}, Outer{Name: "o", In: Inner{1}, P: &Inner{2}},
		Outer{}, Outer{P: &Inner{}, I: ptr(0)}, Outer{I: ptr(-9), Q: &Inner{3}}, ptr([]int{1}),
		ptr(map[string]int{"p": 1}))},
	{ID: "embedded", Desc: "embedded structs travel as fields named after the type", Values: vals(
		Derived{Base{1, "n"}, "d"}, DerivedPtr{&Base{2, ""}, "p"}, DerivedPtr{Name: "nil base"})},
	{ID: "recursive", Desc: "recursive types through pointers, slices, maps", Values: vals(
		Tree{1, &Tree{Val: 2}, &Tree{Val: 3, Right: &Tree{Val: 4}}},
		Node{1, []*Node{{V: 2}, {V: 3, Kids: []*Node{{V: 4}}}}},
		RecMap{"a": RecMap{"b": RecMap{}}}, RecSlice{{}, {{}}})},
	{ID: "named", Desc: "named basic and container types collapse to builtin ids or carry names", Values: vals(
		MyInt(-5), MyString("ms"), MyBytes{1}, MyInts{1, 2}, MyMap{"k": 3}, MyArr{"a", "b"},
		NamedHolder{I: 1, S: "s", B: MyBytes{2}, Is: MyInts{3}, M: MyMap{"m": 4}, A: MyArr{"x", "y"}, F: 0.5})},
	{ID: "slice_definition_order", Desc: "definitions of S, []main.Item, Item; map value struct named \"\"", Values: vals(
		S{[]Item{{1}}}, map[string]Item{"k": {2}})},
	{ID: "iface_struct", Desc: "interface holding a registered struct: definitions split the value across messages", Values: vals(
		WithIface{Point{1, 2}}, WithIface{Point{3, 4}}, WithIface{})},
	{ID: "iface_pointer", Desc: "interface holding *PtrPoint (registered by pointer as \"*main.PtrPoint\")", Values: vals(
		WithIface{&PtrPoint{1, 2}})},
	{ID: "iface_builtins", Desc: "interfaces holding pre-registered builtins", Values: vals(
		WithIface{7}, WithIface{"s"}, WithIface{[]byte{1}}, WithIface{1.5}, WithIface{[]string{"a"}},
		WithIface{true}, WithIface{uint8(3)}, WithIface{int64(-1 << 62)}, WithIface{complex64(1)},
		WithIface{MyInt(2)}, WithIface{[]int{}})},
	{ID: "iface_toplevel", Desc: "top-level interface values (Encode(&v), type id 8)", Values: vals(
		ptr[any](Point{1, 2}), ptr[any]("str"), ptr[any](nil))},
	{ID: "iface_nested", Desc: "interface inside an interface: inline definitions in the payload", Values: vals(
		WithIface{WithIface{Point{1, 2}}}, WithIface{WithIface{WithIface{AB{1, "x"}}}})},
	{ID: "iface_slice", Desc: "[]interface{} with nil, builtins, structs, nested slices", Values: vals(
		[]any{1, "a", nil, Point{1, 2}, []any{AB{2, "y"}, nil}, map[string]any{"k": 1.5}, Empty{}})},
	{ID: "iface_map_single", Desc: "map[string]interface{} with one entry", Values: vals(
		map[string]any{"k": 1.5}, WithIface{map[string]int{"x": 1}})},
	{ID: "iface_map_multi", Desc: "map[string]interface{} with several entries", Maps: true, Values: vals(
		map[string]any{"int": 1, "str": "s", "nil": nil, "pt": Point{5, 6}, "time": utc2020})},
	{ID: "iface_shapes", Desc: "non-empty interface types (Shape) in slices and fields", Values: vals(
		Shapes{All: []Shape{Square{2}, &Circle{1}}, Main: Square{3}}, Shapes{})},
	{ID: "marshalers", Desc: "BinaryMarshaler, GobEncoder, TextMarshaler-only (structural), pointer receiver, struct GobEncoder quirk", Values: vals(
		HasBM{B: BM{1}, G: GE{2}, T: TM{"t"}}, HasBM{}, &HasPG{V: PG{258}, P: &PG{3}}, &HasPG{},
		HasG{V: GQ{Item{4}}}, HasG{}, GE{9}, BM{8})},
	{ID: "embedded_marshalers", Desc: "types embedding GobEncoder/BinaryMarshaler types (k8s metav1.Time = struct{ time.Time }): Go also sends the embedded type's definition", Values: vals(
		KTime{utc2020}, ObjectMeta{Name: "pod-1", CreationTimestamp: KTime{utc2020}, DeletionTimestamp: &KTime{utc2020.In(plusOne)},
			Labels: map[string]string{"app": "web"}, Stamp: Stamp{BM{5}}},
		&ObjectMeta{Name: "pod-2"}, Stamp{BM{7}}, &KTime{utc2020.In(minus8)})},
	{ID: "netip", Desc: "net.IP has only MarshalText, which gob ignores: it travels as []byte (Go TestNetIP)", Values: vals(
		net.IPv4(1, 2, 3, 4).To4(), WithIP{IP: net.ParseIP("2001:db8::1"), Mask: net.CIDRMask(24, 32)})},
	{ID: "iface_containers", Desc: "interfaces as array elements, map values and a single map key", Values: vals(
		[2]any{int8(1), nil}, map[any]string{"k": "v"}, map[string]any{"nil": nil})},
	{ID: "bigint", Desc: "*big.Int: definition id and CommonType.Id disagree", Values: vals(
		big.NewInt(-5), HasBig{big.NewInt(300)}, HasBig{},
		HasBig{new(big.Int).Lsh(big.NewInt(1), 100)})},
	{ID: "time_utc", Desc: "time.Time in UTC, top level and as fields, zero time omitted", Values: vals(
		utc2020, WithTime{T: utc2020}, WithTime{N: 1}, time.Time{},
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(1969, 7, 20, 20, 17, 40, 0, time.UTC))},
	// Not included: negative second-granular offsets. Go's Time.UnmarshalBinary adds the
	// seconds byte as unsigned, so Go itself does not round-trip them (-4:56:02 comes back
	// as -4:51:46); there is no Go behaviour to conform to.
	{ID: "time_zones", Desc: "time.Time with fixed offsets (+01:00, -08:00) and a second-granular offset (version 2)", Values: vals(
		utc2020.In(plusOne), utc2020.In(minus8), utc2020.In(oddZone),
		WithTimes{Ts: []time.Time{utc2020, utc2020.In(oddZone)}, M: map[string]time.Time{"z": utc2020.In(plusOne)},
			P: ptr(utc2020.In(minus8))})},
	{ID: "multi_values", Desc: "many values of mixed types on one Encoder (definitions sent once)", Values: vals(
		3, "hi", Point{1, 2}, []int{1}, Point{3, 4}, AB{1, "a"}, []int{2, 3}, WithIface{Point{5, 6}}, Point{})},
	{ID: "other_encoder_order", Desc: "definitions children-first (as rust-aws-lambda sends them), accepted by Go", Values: vals(S{}, Point{}),
		Raw: func() []byte {
			return append(reverseDefinitions(encoded(S{[]Item{{1}, {2}}})), reverseDefinitions(encoded(Point{3, 4}))...)
		}},
	{ID: "non_minimal_uints", Desc: "non-minimal unsigned encodings (leading zero bytes), accepted by Go's decoder", Values: vals(0, "", AB{}),
		Raw: func() []byte {
			return []byte{
				0x05, 0x04, 0x00, 0xfe, 0x00, 0x06, // int 3 as fe 00 06
				0x07, 0x0c, 0x00, 0xfd, 0x00, 0x00, 0x01, 'x', // "x" with a 3-byte length
				0x1b, 0x7f, 0x03, 0x01, 0x01, 0x02, 0x41, 0x42, 0x01, 0xff, 0x80, 0x00, 0x01, 0x02, 0x01, 0x01,
				0x41, 0x01, 0x04, 0x00, 0x01, 0x01, 0x42, 0x01, 0x0c, 0x00, 0x00, 0x00, // AB definition
				0x07, 0xfe, 0x00, 0x80, 0x01, 0xff, 0x0e, 0x00, // AB{A: 7}: id 64 as fe 00 80, delta 1, A = ff 0e, end
			}
		}},
	{ID: "netrpc", Desc: "net/rpc session bytes: Request, Args, Response, reply, error response with struct{}{} body", Values: vals(
		&rpc.Request{ServiceMethod: "Arith.Multiply"}, &Args{7, 8},
		&rpc.Request{ServiceMethod: "Arith.Divide", Seq: 1}, &Args{7, 0},
		&rpc.Request{ServiceMethod: "Arith.Multiply", Seq: math.MaxUint64}, &Args{-1, 1 << 62})},
	{ID: "netrpc_response", Desc: "net/rpc server side: Response headers, int reply, error with empty body, Quotient", Values: vals(
		&rpc.Response{ServiceMethod: "Arith.Multiply"}, 56,
		&rpc.Response{ServiceMethod: "Arith.Divide", Seq: 1, Error: "divide by zero"}, struct{}{},
		&rpc.Response{ServiceMethod: "Arith.Divide", Seq: 2}, &Quotient{3, 1})},
}

// WithIP holds net package types that are []byte underneath.
type WithIP struct {
	IP   net.IP
	Mask net.IPMask
}

// WithNonUTF8 holds non-UTF-8 strings in a field and a slice.
type WithNonUTF8 struct {
	S string
	L []string
}

func seqBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}

// All returns value and hostile cases.
func All() []Case { return append(append([]Case{}, Cases...), Hostile...) }

// Find returns the case with the given id.
func Find(id string) (Case, bool) {
	for _, c := range All() {
		if c.ID == id {
			return c, true
		}
	}
	return Case{}, false
}
