// The scripted calls "rpcpeer client" runs against a (TypeScript) net/rpc server. Each step
// records the raw reply and error text; the TypeScript test decides what is correct.
package main

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"net/rpc"
	"reflect"
	"strings"
	"sync"
	"time"
)

// Step is one entry of the JSON report.
type Step struct {
	Name  string `json:"name"`
	Error string `json:"error,omitempty"`
	Reply any    `json:"reply,omitempty"`
}

type step struct {
	name string
	run  func(c *rpc.Client) (any, error)
}

func call[R any](c *rpc.Client, method string, args any) (any, error) {
	var r R
	err := c.Call(method, args, &r)
	return r, err
}

var script = []step{
	{"add", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Add", Args{7, 8}) }},
	{"mul", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Mul", &Args{7, 8}) }},
	{"div", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Div", Args{7, 2}) }},
	{"divZero", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Div", Args{7, 0}) }},
	{"string", func(c *rpc.Client) (any, error) { return call[string](c, "Arith.String", Args{7, 8}) }},
	{"error", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Error", Args{1, 2}) }},
	{"multiply", func(c *rpc.Client) (any, error) { return call[int](c, "Arith.Multiply", Args{7, 8}) }},
	{"divide", func(c *rpc.Client) (any, error) { return call[Quotient](c, "Arith.Divide", Args{17, 5}) }},
	{"dotted", func(c *rpc.Client) (any, error) { return call[Reply](c, "net.rpc.Arith.Add", Args{3, 4}) }},
	{"unknownService", func(c *rpc.Client) (any, error) { return call[Reply](c, "Foo.Bar", Args{1, 2}) }},
	{"unknownMethod", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Nope", Args{1, 2}) }},
	{"illFormed", func(c *rpc.Client) (any, error) { return call[Reply](c, "NoDot", Args{1, 2}) }},
	{"wrongArgType", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Add", "str") }},
	{"afterWrongArg", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Add", Args{1, 1}) }},
	{"map", func(c *rpc.Client) (any, error) {
		r, err := call[map[int]int](c, "BuiltinTypes.Map", Args{7, 8})
		return fmt.Sprint(r), err
	}},
	{"slice", func(c *rpc.Client) (any, error) { return call[[]int](c, "BuiltinTypes.Slice", Args{7, 8}) }},
	{"array", func(c *rpc.Client) (any, error) { return call[[2]int](c, "BuiltinTypes.Array", Args{7, 8}) }},
	{"echoBig", func(c *rpc.Client) (any, error) {
		in := newBig()
		var out Big
		if err := c.Call("Echo.Big", &in, &out); err != nil {
			return nil, err
		}
		if !reflect.DeepEqual(in, out) {
			return nil, fmt.Errorf("echo mismatch: sent %#v got %#v", in, out)
		}
		return "equal", nil
	}},
	{"echoBytes10MiB", func(c *rpc.Client) (any, error) {
		in := make([]byte, 10<<20)
		for i := range in {
			in[i] = byte(i*7 + i>>11)
		}
		var out []byte
		if err := c.Call("Echo.Bytes", in, &out); err != nil {
			return nil, err
		}
		if !bytes.Equal(in, out) {
			return nil, fmt.Errorf("10 MiB echo mismatch (got %d bytes)", len(out))
		}
		return len(out), nil
	}},
	{"concurrent", func(c *rpc.Client) (any, error) {
		const n = 200
		calls := make([]*rpc.Call, n)
		for i := 0; i < n; i++ {
			calls[i] = c.Go("Arith.Add", Args{i, 1000 * i}, new(Reply), nil)
		}
		for i, cl := range calls {
			<-cl.Done
			if cl.Error != nil {
				return nil, cl.Error
			}
			if got := cl.Reply.(*Reply).C; got != 1001*i {
				return nil, fmt.Errorf("call %d got %d", i, got)
			}
		}
		return n, nil
	}},
	{"outOfOrder", func(c *rpc.Client) (any, error) {
		var mu sync.Mutex
		var order []string
		var wg sync.WaitGroup
		for _, a := range []SleepArgs{{300, "slow"}, {10, "fast"}} {
			wg.Add(1)
			go func(a SleepArgs) {
				defer wg.Done()
				var r string
				if err := c.Call("Arith.Sleep", &a, &r); err == nil {
					mu.Lock()
					order = append(order, r)
					mu.Unlock()
				}
			}(a)
			time.Sleep(20 * time.Millisecond)
		}
		wg.Wait()
		return strings.Join(order, ","), nil
	}},
	// The server is expected to drop the connection while this call is pending.
	{"hangup", func(c *rpc.Client) (any, error) { return call[string](c, "Arith.Sleep", SleepArgs{5000, "never"}) }},
	{"afterHangup", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Add", Args{1, 1}) }},
}

// Hint is registered only in this client's process when an extra step needs it, so a server
// that does not know it (the TS server under test) cannot decode a body holding one.
type Hint struct {
	Text string
	N    int
}

var registerHint sync.Once

func hintBig(first bool) *Big {
	registerHint.Do(func() { gob.Register(&Hint{}) })
	b := &Big{S: "with hint"}
	if first {
		b.Any = &Hint{Text: "why", N: 1}
	} else {
		// The unknown concrete type comes after a known one, deep in the body.
		b.Anys = []interface{}{Inner{Name: "ok"}, "str", &Hint{Text: "late", N: 2}}
	}
	return b
}

// extraScript holds steps run only when named with -steps: each sends a body the server cannot
// decode (an interface value of a type it never registered, arriving with its type definition,
// so the body spans several gob messages) and then checks whether the connection still works.
var extraScript = []step{
	{"unregisteredIface", func(c *rpc.Client) (any, error) {
		var out Big
		err := c.Call("Echo.Big", hintBig(true), &out)
		return out.S, err
	}},
	{"unregisteredIfaceLate", func(c *rpc.Client) (any, error) {
		var out Big
		err := c.Call("Echo.Big", hintBig(false), &out)
		return out.S, err
	}},
	{"afterUnregistered", func(c *rpc.Client) (any, error) { return call[Reply](c, "Arith.Add", Args{1, 1}) }},
}

func runScript(c *rpc.Client, only string) []Step {
	want := map[string]bool{}
	for _, s := range strings.Split(only, ",") {
		if s != "" {
			want[s] = true
		}
	}
	var out []Step
	steps := script
	if len(want) > 0 {
		steps = append(append([]step{}, script...), extraScript...)
	}
	for _, s := range steps {
		if len(want) > 0 && !want[s.name] {
			continue
		}
		reply, err := s.run(c)
		st := Step{Name: s.name}
		if err != nil {
			st.Error = err.Error()
		} else {
			st.Reply = reply
		}
		out = append(out, st)
	}
	return out
}
