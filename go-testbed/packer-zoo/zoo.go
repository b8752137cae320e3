// Package zoo is the shared list of Go values whose ugorji msgpack encodings become the
// fixtures under fixtures/msgpack (one generator per ugorji dialect imports it). The TS test
// test/conformance/msgpack-zoo.test.ts describes the same values with msgpack descriptors.
package zoo

import (
	"math"
	"os"
	"strings"
	"time"
)

// Request and Response are net/rpc's headers.
type Request struct {
	ServiceMethod string
	Seq           uint64
}

type Response struct {
	ServiceMethod string
	Seq           uint64
	Error         string
}

// BasicError is packer's rpc.BasicError.
type BasicError struct {
	Message string
}

// PrepareResponse is packer's rpc.PrepareResponse.
type PrepareResponse struct {
	GeneratedVars []string
	Warnings      []string
	Error         *BasicError
}

// Mixed has fields of many kinds, declared out of alphabetical order.
type Mixed struct {
	Zeta   string
	Alpha  int
	Mode   os.FileMode
	Ratio  float64
	Small  float32
	Data   []byte
	Tags   []string
	Nested *BasicError
	Flag   bool
	Big    uint64
	I8     int8
	I16    int16
	I32    int32
	I64    int64
	Any    interface{}
	When   time.Time
	Labels map[string]string
}

// Case is one named value.
type Case struct {
	Name  string
	Value interface{}
}

func ptrInt(i int) *int { return &i }

// Cases returns the zoo. Maps have at most one key (Go writes maps in random order).
func Cases() []Case {
	return []Case{
		{"int-0", int(0)}, {"int-1", int(1)}, {"int-127", int(127)}, {"int-128", int(128)},
		{"int-200", int(200)}, {"int-255", int(255)}, {"int-256", int(256)}, {"int-32767", int(32767)},
		{"int-32768", int(32768)}, {"int-70000", int(70000)}, {"int-2p31", int(1 << 31)}, {"int-2p40", int(1 << 40)},
		{"int-max", int(math.MaxInt64)}, {"int-m1", int(-1)}, {"int-m32", int(-32)}, {"int-m33", int(-33)},
		{"int-m128", int(-128)}, {"int-m129", int(-129)}, {"int-m40000", int(-40000)}, {"int-m2p40", int(-(1 << 40))},
		{"int-min", int(math.MinInt64)},
		{"int8-m5", int8(-5)}, {"int8-100", int8(100)}, {"int16-300", int16(300)}, {"int32-m70000", int32(-70000)},
		{"int64-5", int64(5)},
		{"uint-0", uint(0)}, {"uint-200", uint(200)}, {"uint-70000", uint(70000)}, {"uint-2p40", uint(1 << 40)},
		{"uint64-max", uint64(math.MaxUint64)}, {"uint8-255", uint8(255)}, {"uint16-65535", uint16(65535)},
		{"uint32-4000000000", uint32(4000000000)}, {"filemode-0644", os.FileMode(0644)},
		{"float64-42", float64(42)}, {"float64-half", float64(0.5)}, {"float64-big", float64(-1.25e300)},
		{"float64-0", float64(0)}, {"float32-1.5", float32(1.5)},
		{"bool-true", true}, {"bool-false", false},
		{"string-empty", ""}, {"string-a", "a"}, {"string-31", strings.Repeat("x", 31)},
		{"string-32", strings.Repeat("y", 32)}, {"string-255", strings.Repeat("z", 255)},
		{"string-256", strings.Repeat("w", 256)}, {"string-70000", strings.Repeat("v", 70000)},
		{"string-unicode", "héllo, 世界 🌍"},
		{"bytes-nil", []byte(nil)}, {"bytes-empty", []byte{}}, {"bytes-3", []byte{1, 2, 255}},
		{"bytes-300", make([]byte, 300)},
		{"strings-nil", []string(nil)}, {"strings-2", []string{"a", "b"}},
		{"strings-16", strings.Split("a b c d e f g h i j k l m n o p", " ")},
		{"ints-3", []int{1, -1, 300}}, {"ints-empty", []int{}},
		{"map-nil", map[string]string(nil)}, {"map-empty", map[string]string{}}, {"map-1", map[string]string{"k": "v"}},
		{"map-int", map[string]int{"n": 200}},
		{"request", Request{ServiceMethod: "Builder.Prepare", Seq: 0}},
		{"request-seq", Request{ServiceMethod: "Ui.Say", Seq: 300}},
		{"response", Response{ServiceMethod: "Builder.Prepare", Seq: 7, Error: ""}},
		{"response-error", Response{ServiceMethod: "Provisioner.Provision", Seq: 9, Error: "Script exited with non-zero exit status: 3"}},
		{"prepare-ok", PrepareResponse{}},
		{"prepare-err", PrepareResponse{Warnings: []string{"w"}, Error: &BasicError{Message: "1 error occurred"}}},
		{"ptr-int", ptrInt(70000)},
		{"iface-nil", []interface{}{nil}},
		{"iface-list", []interface{}{"s", float64(1), true, nil}},
		{"iface-map", map[string]interface{}{"a": "x"}},
		{"iface-nested", map[string]interface{}{"cfg": map[string]interface{}{"n": float64(42)}}},
		{"time-zero", time.Time{}}, {"time-1", time.Unix(1, 0).UTC()}, {"time-ns", time.Unix(100, 500).UTC()},
		{"time-big", time.Unix(1<<34, 5).UTC()}, {"time-neg", time.Unix(-100, 7).UTC()},
		{"mixed-zero", Mixed{}},
		{"mixed", Mixed{
			Zeta: "z", Alpha: 200, Mode: 0644, Ratio: 42, Small: 0.25, Data: []byte("cty"), Tags: []string{"t"},
			Nested: &BasicError{Message: "m"}, Flag: true, Big: 1 << 63, I8: -100, I16: -300, I32: 70000, I64: -(1 << 40),
			Any: "x", When: time.Unix(1700000000, 0).UTC(), Labels: map[string]string{"l": "v"},
		}},
	}
}
