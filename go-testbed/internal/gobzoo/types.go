// Package gobzoo is the golden zoo of Go values and hostile streams that go-netrpc's gob codec
// is checked against: gobgen writes it to fixtures/gob, gobpeer decodes TypeScript-encoded
// streams into the same Go types.
//
// types.go declares the Go types of the zoo. Register() registers the interface payload types
// with encoding/gob exactly once per process (registration assigns no type ids).
package gobzoo

import (
	"encoding/gob"
	"errors"
	"math/big"
	"net/rpc"
	"reflect"
	"sync"
	"time"
)

// Point is the doc.go example struct.
type Point struct{ X, Y int }

// PtrPoint is registered through its pointer type (name "*main.PtrPoint").
type PtrPoint struct{ X, Y int }

// AB is the reference's two-field struct.
type AB struct {
	A int
	B string
}

// Empty is a named struct without fields.
type Empty struct{}

// Scalars has one field of every scalar kind.
type Scalars struct {
	B    bool
	I    int
	I8   int8
	I16  int16
	I32  int32
	I64  int64
	U    uint
	U8   uint8
	U16  uint16
	U32  uint32
	U64  uint64
	UP   uintptr
	F32  float32
	F64  float64
	C64  complex64
	C128 complex128
	S    string
	By   []byte
}

// Inner / Outer: nested structs and pointers.
type Inner struct{ X int }

// Outer has a nested struct, two pointers to it and a pointer to int.
type Outer struct {
	Name string
	In   Inner
	P    *Inner
	Q    *Inner
	I    *int
}

// ZeroRules exercises the zero-omission rules and their exceptions.
type ZeroRules struct {
	NegZero  float64
	NaN      float64
	EmptyMap map[string]int
	NilMap   map[string]int
	EmptySl  []int
	Arr      [3]int
	In       Inner
	PZeroInt *int
	PZeroIn  *Inner
	T        time.Time
	Iface    any
	Last     int
}

// Hidden has unexported, chan and func fields, which gob neither describes nor sends.
type Hidden struct {
	A      int
	hidden int
	Ch     chan int
	Fn     func()
	B      string
	PCh    *chan int
}

// Base / Derived / DerivedPtr: embedded structs are ordinary fields named after the type.
type Base struct {
	ID   int
	Note string
}

// Derived embeds Base by value.
type Derived struct {
	Base
	Name string
}

// DerivedPtr embeds *Base.
type DerivedPtr struct {
	*Base
	Name string
}

// Tree is recursive through pointers.
type Tree struct {
	Val         int
	Left, Right *Tree
}

// Node is recursive through a slice of pointers.
type Node struct {
	V    int
	Kids []*Node
}

// RecMap and RecSlice are recursive named containers.
type RecMap map[string]RecMap

// RecSlice is a slice of itself.
type RecSlice []RecSlice

// Named non-struct types.
type (
	MyInt    int
	MyString string
	MyBytes  []byte
	MyInts   []int
	MyMap    map[string]MyInt
	MyArr    [2]MyString
	MyFloat  float32
)

// NamedHolder uses named types as fields.
type NamedHolder struct {
	I  MyInt
	S  MyString
	B  MyBytes
	Is MyInts
	M  MyMap
	A  MyArr
	F  MyFloat
}

// WithIface holds an interface.
type WithIface struct{ V any }

// Shape is a non-empty interface.
type Shape interface{ Area() float64 }

// Square and Circle implement Shape.
type Square struct{ Side float64 }

// Circle implements Shape.
type Circle struct{ R float64 }

// Area of a square.
func (s Square) Area() float64 { return s.Side * s.Side }

// Area of a circle (pi = 3 keeps values exact).
func (c *Circle) Area() float64 { return 3 * c.R * c.R }

// Shapes holds a slice of a non-empty interface type.
type Shapes struct {
	All  []Shape
	Main Shape
}

// Item / S / MapItems: definition order.
type Item struct{ A int }

// S has a slice of structs.
type S struct{ Items []Item }

// KeyS is a struct used as a map key.
type KeyS struct {
	A int
	B string
}

// BM marshals with a value-receiver MarshalBinary.
type BM struct{ x byte }

// MarshalBinary implements encoding.BinaryMarshaler.
func (b BM) MarshalBinary() ([]byte, error) { return []byte{b.x, 0xAA}, nil }

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (b *BM) UnmarshalBinary(p []byte) error {
	if len(p) != 2 || p[1] != 0xAA {
		return errors.New("BM: bad encoding")
	}
	b.x = p[0]
	return nil
}

// GE implements GobEncoder with a value receiver.
type GE struct{ x byte }

// GobEncode implements gob.GobEncoder.
func (g GE) GobEncode() ([]byte, error) { return []byte{g.x}, nil }

// GobDecode implements gob.GobDecoder.
func (g *GE) GobDecode(p []byte) error {
	if len(p) != 1 {
		return errors.New("GE: bad encoding")
	}
	g.x = p[0]
	return nil
}

// TM implements only TextMarshaler, which gob ignores: it travels as a plain struct.
type TM struct{ S string }

// MarshalText implements encoding.TextMarshaler.
func (t TM) MarshalText() ([]byte, error) { return []byte("tm:" + t.S), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (t *TM) UnmarshalText(p []byte) error { t.S = string(p); return nil }

// PG implements GobEncoder with a pointer receiver.
type PG struct{ N int }

// GobEncode implements gob.GobEncoder.
func (p *PG) GobEncode() ([]byte, error) { return []byte{byte(p.N), byte(p.N >> 8)}, nil }

// GobDecode implements gob.GobDecoder.
func (p *PG) GobDecode(b []byte) error {
	if len(b) != 2 {
		return errors.New("PG: bad encoding")
	}
	p.N = int(b[0]) | int(b[1])<<8
	return nil
}

// GQ is a struct GobEncoder with a struct field: Go also sends Item's definition (quirk).
type GQ struct{ Sub Item }

// GobEncode implements gob.GobEncoder.
func (g GQ) GobEncode() ([]byte, error) { return []byte{byte(g.Sub.A)}, nil }

// GobDecode implements gob.GobDecoder.
func (g *GQ) GobDecode(b []byte) error {
	if len(b) != 1 {
		return errors.New("GQ: bad encoding")
	}
	g.Sub.A = int(b[0])
	return nil
}

// KTime is Kubernetes' metav1.Time: a struct embedding time.Time, so it is a GobEncoder through
// the promoted method, and Go also sends time.Time's definition after its own (encoder.go
// sendActualType walks the underlying struct's exported fields).
type KTime struct{ time.Time }

// Stamp is a named struct around a BinaryMarshaler (promoted MarshalBinary of the embedded BM).
type Stamp struct{ BM }

// ObjectMeta is a Kubernetes-like object header with metav1.Time-like fields.
type ObjectMeta struct {
	Name              string
	CreationTimestamp KTime
	DeletionTimestamp *KTime
	Labels            map[string]string
	Stamp             Stamp
}

// HasBM holds every marshaler kind.
type HasBM struct {
	B BM
	G GE
	T TM
}

// HasPG holds a pointer-receiver GobEncoder by value and by pointer.
type HasPG struct {
	V PG
	P *PG
}

// HasG holds the struct GobEncoder.
type HasG struct{ V GQ }

// HasBig holds a *big.Int (a GobEncoder reached through a pointer type).
type HasBig struct{ B *big.Int }

// WithTime holds time values.
type WithTime struct {
	T time.Time
	N int
}

// WithTimes holds several times.
type WithTimes struct {
	Ts []time.Time
	M  map[string]time.Time
	P  *time.Time
}

// ArrHolder holds arrays.
type ArrHolder struct {
	A  [3]int
	B  [4]byte
	AA [2][2]string
	Z  [0]int
}

// Containers holds slices and maps of many shapes.
type Containers struct {
	Ints    []int
	Strs    []string
	Nested  [][]int
	Points  []Point
	PPoints []*Point
	ByKey   map[KeyS]string
	ArrKey  map[[2]int]bool
	MapMap  map[string]map[string]int
	SliceM  map[string][]int
	PSlice  *[]int
	PMap    *map[string]int
}

// ET2 and ET1 are Go's encoder_test types used by TestBadData.
type ET2 struct{ X string }

// ET1 from Go's encoder_test.
type ET1 struct {
	A    int
	Et2  *ET2
	Next *ET1
}

// Hello is the target of the deep-nesting vectors (TestIgnoreDepthLimit).
type Hello struct{ Hello int }

// Args / Quotient / Reply are the net/rpc Arith example types.
type Args struct{ A, B int }

// Quotient is Arith.Divide's reply.
type Quotient struct{ Quo, Rem int }

// RPCRequest and RPCResponse are net/rpc's own header types.
type (
	RPCRequest  = rpc.Request
	RPCResponse = rpc.Response
)

var (
	registerOnce sync.Once
	names        = map[reflect.Type]string{}
)

func reg(v any) {
	n := registeredName(reflect.TypeOf(v))
	gob.RegisterName(n, v)
	names[reflect.TypeOf(v)] = n
}

var zooPkg = reflect.TypeOf(Point{}).PkgPath()

// registeredName is gob.Register's default name rule (including its pointer quirk: "*main.T"),
// written as if the zoo's types were declared in package main, like the reference examples.
func registeredName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer && t.Elem().PkgPath() == zooPkg {
		return "*main." + t.Elem().Name()
	}
	if t.Name() != "" && t.PkgPath() == zooPkg {
		return "main." + t.Name()
	}
	if t.Name() != "" && t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}

// Register registers every interface payload type of the zoo (idempotent).
func Register() {
	registerOnce.Do(func() {
		for _, v := range []any{
			Point{}, &PtrPoint{}, WithIface{}, AB{}, MyInt(0), Square{}, &Circle{}, Empty{},
			[]any{}, map[string]any{}, map[string]int{}, KeyS{}, time.Time{}, Tree{}, Inner{},
		} {
			reg(v)
		}
		// Builtins gob pre-registers; recorded so the wire view can name them.
		for _, v := range []any{
			int(0), int8(0), int16(0), int32(0), int64(0), uint(0), uint8(0), uint16(0), uint32(0),
			uint64(0), uintptr(0), float32(0), float64(0), complex64(0), complex128(0), false, "",
			[]byte(nil), []int(nil), []string(nil), []float64(nil), []bool(nil), []int64(nil),
		} {
			names[reflect.TypeOf(v)] = reflect.TypeOf(v).String()
		}
	})
}

// NameOf returns the registered interface name of a concrete type.
func NameOf(t reflect.Type) string {
	if n, ok := names[t]; ok {
		return n
	}
	return "?" + t.String()
}
