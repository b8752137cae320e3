// Command gobprop is the Go side of the unknown-field preservation property test: it makes a
// random value of a rich Go type from a seed, and checks that what TypeScript sends back (after
// decoding with a partial descriptor and changing one declared field) is that value with just
// that change.
//
//	gobprop serve   line protocol on stdin/stdout, one JSON request per line:
//	  {"op":"gen","seed":N}                          → {"data":base64}: a fresh Encoder's bytes of value(N)
//	  {"op":"check","seed":N,"field":F,"value":V,"data":base64}
//	                                                 → {"ok":true} when Go decodes every value of data
//	                                                   (one fresh Decoder, at least one value) to value(N)
//	                                                   with field F set to V (reflect.DeepEqual),
//	                                                   else {"error":…}
//
// value(N) is normalised by one gob round trip first (gob sends no zero fields, so empty slices
// and maps come back nil, as they would after any transfer).
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"reflect"
)

// Leaf is the innermost struct.
type Leaf struct {
	A int
	B string
	C []byte
}

// Inner is a middle struct.
type Inner struct {
	Label  string
	N      uint32
	Leaf   Leaf
	Leaves []Leaf
	Tags   map[string]int
	P      *Leaf
	Any    interface{}
}

// Rich is the top-level type: every gob kind, nested structs, pointers, maps, interfaces, recursion.
type Rich struct {
	Name   string
	Count  int64
	Flag   bool
	Score  float64
	In     Inner
	InP    *Inner
	Ins    []Inner
	ByKey  map[string]Inner
	Arr    [3]int16
	Any    interface{}
	Anys   []interface{}
	Big    uint64
	Cplx   complex128
	Blob   []byte
	Nested map[int][]string
	Kids   []*Rich
}

func init() {
	gob.Register(Leaf{})
	gob.Register(&Inner{})
	gob.Register(map[string]int{})
}

type gen struct{ r *rand.Rand }

func (g gen) str() string {
	if g.r.IntN(4) == 0 {
		return ""
	}
	b := make([]byte, g.r.IntN(12))
	for i := range b {
		if g.r.IntN(20) == 0 {
			b[i] = byte(g.r.IntN(256)) // Go strings may hold any bytes
		} else {
			b[i] = byte('a' + g.r.IntN(26))
		}
	}
	return string(b)
}

func (g gen) leaf() Leaf {
	l := Leaf{A: g.r.IntN(2000) - 1000, B: g.str()}
	if g.r.IntN(2) == 0 {
		l.C = []byte(g.str())
	}
	return l
}

func (g gen) iface(depth int) interface{} {
	switch g.r.IntN(6) {
	case 0:
		return nil
	case 1:
		return g.leaf()
	case 2:
		if depth > 1 {
			return g.r.IntN(100)
		}
		in := g.inner(depth + 1)
		return &in
	case 3:
		return map[string]int{g.str(): g.r.IntN(50)}
	case 4:
		return g.str()
	default:
		return g.r.Float64()
	}
}

func (g gen) inner(depth int) Inner {
	in := Inner{Label: g.str(), N: g.r.Uint32(), Leaf: g.leaf()}
	for i := g.r.IntN(3); i > 0; i-- {
		in.Leaves = append(in.Leaves, g.leaf())
	}
	if g.r.IntN(2) == 0 {
		in.Tags = map[string]int{}
		for i := g.r.IntN(3); i > 0; i-- {
			in.Tags[g.str()] = g.r.IntN(1000)
		}
	}
	if g.r.IntN(2) == 0 {
		p := g.leaf()
		in.P = &p
	}
	in.Any = g.iface(depth + 1)
	return in
}

func (g gen) rich(depth int) Rich {
	v := Rich{Name: g.str(), Count: g.r.Int64N(1<<40) - 1<<39, Flag: g.r.IntN(2) == 0, Score: g.r.NormFloat64()}
	v.In = g.inner(depth)
	if g.r.IntN(2) == 0 {
		p := g.inner(depth)
		v.InP = &p
	}
	for i := g.r.IntN(3); i > 0; i-- {
		v.Ins = append(v.Ins, g.inner(depth))
	}
	if g.r.IntN(2) == 0 {
		v.ByKey = map[string]Inner{}
		for i := g.r.IntN(3); i > 0; i-- {
			v.ByKey[g.str()] = g.inner(depth)
		}
	}
	for i := range v.Arr {
		v.Arr[i] = int16(g.r.IntN(65536) - 32768)
	}
	v.Any = g.iface(depth)
	for i := g.r.IntN(3); i > 0; i-- {
		v.Anys = append(v.Anys, g.iface(depth))
	}
	if g.r.IntN(2) == 0 {
		v.Big = g.r.Uint64() // often above 2^53
	}
	v.Cplx = complex(g.r.NormFloat64(), float64(g.r.IntN(3)))
	if g.r.IntN(2) == 0 {
		v.Blob = []byte(g.str())
	}
	if g.r.IntN(2) == 0 {
		v.Nested = map[int][]string{}
		for i := g.r.IntN(3); i > 0; i-- {
			v.Nested[g.r.IntN(100)-50] = []string{g.str(), g.str()}
		}
	}
	if depth < 2 {
		for i := g.r.IntN(3); i > 0; i-- {
			k := g.rich(depth + 1)
			v.Kids = append(v.Kids, &k)
		}
	}
	return v
}

func valueOf(seed uint64) Rich {
	return gen{rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}.rich(0)
}

func encode(v Rich) ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(v)
	return b.Bytes(), err
}

// normalised is value(seed) after one gob round trip.
func normalised(seed uint64) (Rich, error) {
	b, err := encode(valueOf(seed))
	if err != nil {
		return Rich{}, err
	}
	var v Rich
	err = gob.NewDecoder(bytes.NewReader(b)).Decode(&v)
	return v, err
}

type request struct {
	Op    string          `json:"op"`
	Seed  uint64          `json:"seed"`
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
	Data  string          `json:"data"`
}

type response struct {
	Data  string `json:"data,omitempty"`
	OK    bool   `json:"ok,omitempty"`
	Error string `json:"error,omitempty"`
}

func handle(req request) response {
	switch req.Op {
	case "gen":
		b, err := encode(valueOf(req.Seed))
		if err != nil {
			return response{Error: err.Error()}
		}
		return response{Data: base64.StdEncoding.EncodeToString(b)}
	case "check":
		want, err := normalised(req.Seed)
		if err != nil {
			return response{Error: "normalise: " + err.Error()}
		}
		f := reflect.ValueOf(&want).Elem().FieldByName(req.Field)
		if !f.IsValid() {
			return response{Error: "no field " + req.Field}
		}
		if err := json.Unmarshal(req.Value, f.Addr().Interface()); err != nil {
			return response{Error: "value: " + err.Error()}
		}
		data, err := base64.StdEncoding.DecodeString(req.Data)
		if err != nil {
			return response{Error: err.Error()}
		}
		dec := gob.NewDecoder(bytes.NewReader(data))
		for n := 0; ; n++ {
			var got Rich
			err := dec.Decode(&got)
			if err == io.EOF && n > 0 {
				return response{OK: true}
			}
			if err != nil {
				return response{Error: fmt.Sprintf("decode value %d: %v", n, err)}
			}
			if !reflect.DeepEqual(got, want) {
				return response{Error: fmt.Sprintf("value %d differs:\n got %#v\nwant %#v", n, got, want)}
			}
		}
	}
	return response{Error: "unknown op " + req.Op}
}

func main() {
	if len(os.Args) != 2 || os.Args[1] != "serve" {
		fmt.Fprintln(os.Stderr, "usage: gobprop serve")
		os.Exit(2)
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req request
		var res response
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			res = response{Error: err.Error()}
		} else {
			res = handle(req)
		}
		if err := enc.Encode(res); err != nil {
			os.Exit(1)
		}
		if err := out.Flush(); err != nil {
			os.Exit(1)
		}
	}
}
