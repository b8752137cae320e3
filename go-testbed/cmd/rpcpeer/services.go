// Services served (and called) by rpcpeer: Arith-style methods modelled on Go's
// net/rpc server_test.go (Add/Mul/Div/Error/String, BuiltinTypes with map/slice/array
// replies), the Multiply/Divide pair of the reference's verified session, an Echo service
// for big structs with maps/slices/pointers/interfaces and large byte slices, and Sleep/Die
// for out-of-order replies and "server closes mid-call" tests.
package main

import (
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"time"
)

type Args struct{ A, B int }

type Reply struct{ C int }

type Quotient struct{ Quo, Rem int }

// Arith mirrors server_test.go's Arith plus the reference session's Multiply/Divide.
type Arith int

func (t *Arith) Add(args Args, reply *Reply) error {
	reply.C = args.A + args.B
	return nil
}

func (t *Arith) Mul(args *Args, reply *Reply) error {
	reply.C = args.A * args.B
	return nil
}

func (t *Arith) Div(args Args, reply *Reply) error {
	if args.B == 0 {
		return errors.New("divide by zero")
	}
	reply.C = args.A / args.B
	return nil
}

func (t *Arith) String(args *Args, reply *string) error {
	*reply = fmt.Sprintf("%d+%d=%d", args.A, args.B, args.A+args.B)
	return nil
}

func (t *Arith) Error(args *Args, reply *Reply) error {
	return errors.New("ERROR")
}

func (t *Arith) Multiply(args *Args, reply *int) error {
	*reply = args.A * args.B
	return nil
}

func (t *Arith) Divide(args *Args, quo *Quotient) error {
	if args.B == 0 {
		return errors.New("divide by zero")
	}
	quo.Quo = args.A / args.B
	quo.Rem = args.A % args.B
	return nil
}

// SleepArgs asks Sleep to wait Ms milliseconds and then return Tag.
type SleepArgs struct {
	Ms  int
	Tag string
}

func (t *Arith) Sleep(args *SleepArgs, reply *string) error {
	time.Sleep(time.Duration(args.Ms) * time.Millisecond)
	*reply = args.Tag
	return nil
}

// Die ends the whole server process after args milliseconds, without replying: the
// "server closes mid-call" case.
func (t *Arith) Die(args int, reply *int) error {
	time.Sleep(time.Duration(args) * time.Millisecond)
	os.Exit(3)
	return nil
}

// BuiltinTypes mirrors server_test.go's BuiltinTypes (map, slice and array replies).
type BuiltinTypes struct{}

func (BuiltinTypes) Map(args *Args, reply *map[int]int) error {
	(*reply)[args.A] = args.B
	return nil
}

func (BuiltinTypes) Slice(args *Args, reply *[]int) error {
	*reply = append(*reply, args.A, args.B)
	return nil
}

func (BuiltinTypes) Array(args *Args, reply *[2]int) error {
	(*reply)[0] = args.A
	(*reply)[1] = args.B
	return nil
}

// Inner is nested in Big and also travels inside interface values (registered as main.Inner).
type Inner struct {
	Name string
	Vals []int
}

// Big exercises most gob kinds at once.
type Big struct {
	S      string
	I      int64
	U      uint64
	F      float64
	B      bool
	Bytes  []byte
	Ints   []int
	Strs   []string
	M      map[string]int
	MI     map[string]*Inner
	P      *Inner
	Arr    [3]int
	Nested []Inner
	Any    interface{}
	Anys   []interface{}
}

// Echo returns its argument.
type Echo struct{}

func (Echo) Big(args *Big, reply *Big) error {
	*reply = *args
	return nil
}

func (Echo) Bytes(args []byte, reply *[]byte) error {
	*reply = args
	return nil
}

func (Echo) Len(args []byte, reply *int) error {
	*reply = len(args)
	return nil
}

func init() {
	gob.Register(Inner{})
}

// newBig is the reference value the client script sends and checks.
func newBig() Big {
	return Big{
		S:      "héllo, gob",
		I:      -1 << 40,
		U:      1<<53 - 1,
		F:      3.25,
		B:      true,
		Bytes:  []byte{0, 1, 2, 254, 255},
		Ints:   []int{1, -2, 3, 1 << 30},
		Strs:   []string{"a", "", "ccc"},
		M:      map[string]int{"one": 1, "two": 2, "zero": 0},
		MI:     map[string]*Inner{"x": {Name: "x", Vals: []int{9}}},
		P:      &Inner{Name: "p", Vals: []int{4, 5}},
		Arr:    [3]int{7, 0, -7},
		Nested: []Inner{{Name: "n1"}, {Name: "n2", Vals: []int{1}}},
		Any:    Inner{Name: "in-iface", Vals: []int{42}},
		Anys:   []interface{}{int(5), "str", Inner{Name: "z"}},
	}
}
