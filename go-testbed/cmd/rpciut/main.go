// Command rpciut is Go's net/rpc (gob codec, Go's own standard library) as the implementation
// under test (IUT) of `go-netrpc conformance rpc` — the reference the kit is calibrated on. It
// follows the IUT duty (src/conformance/rpc/duty.ts):
//
//   - server role (RPC_CONFORMANCE_ROLE=server): serves the conformance service "Conf" with
//     rpc.RegisterName + rpc.Accept on RPC_CONFORMANCE_LISTEN (default 127.0.0.1:0) and prints
//     "listening HOST:PORT" on stdout;
//   - client role (RPC_CONFORMANCE_ROLE=client): dials RPC_CONFORMANCE_DIAL again and again; on
//     each connection it asks Conf.Next for a scenario, runs its fixed calls with rpc.Client,
//     closes, and reports one line per call through Conf.Report on a new connection; it stops
//     when a dial is refused or Conf.Next answers "".
package main

import (
	"errors"
	"fmt"
	"net"
	"net/rpc"
	"os"
	"strconv"
	"time"
)

// Args is the argument of Conf.Add.
type Args struct{ A, B int64 }

// Payload is the argument and reply of Conf.Echo.
type Payload struct {
	Text string
	Data []byte
}

// Report is the argument of Conf.Report (client role).
type Report struct {
	Scenario string
	Lines    []string
}

// Conf is the conformance service.
type Conf int

const maxBig = 64 << 20

func (Conf) Add(a Args, r *int64) error { *r = a.A + a.B; return nil }

func (Conf) Echo(p Payload, r *Payload) error { *r = p; return nil }

func (Conf) Delay(ms int64, r *int64) error {
	if ms < 0 || ms > 60000 {
		return errors.New("delay out of range")
	}
	time.Sleep(time.Duration(ms) * time.Millisecond)
	*r = ms
	return nil
}

func (Conf) Fail(msg string, r *string) error { return errors.New(msg) }

func (Conf) Big(n int64, r *[]byte) error {
	if n < 0 || n > maxBig {
		return errors.New("size out of range")
	}
	*r = pattern(int(n))
	return nil
}

// pattern is byte i = i % 251.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i % 251)
	}
	return b
}

func sum(b []byte) uint32 {
	var s uint32
	for _, x := range b {
		s += uint32(x)
	}
	return s
}

func serve() {
	if err := rpc.RegisterName("Conf", new(Conf)); err != nil {
		fail(err)
	}
	addr := os.Getenv("RPC_CONFORMANCE_LISTEN")
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fail(err)
	}
	fmt.Printf("listening %s\n", l.Addr())
	rpc.Accept(l)
}

func line(v string, err error) string {
	if err != nil {
		return "err " + err.Error()
	}
	return "ok " + v
}

func add(c *rpc.Client, a, b int64) string {
	var r int64
	err := c.Call("Conf.Add", Args{a, b}, &r)
	return line(strconv.FormatInt(r, 10), err)
}

// inFlight issues every call at once (in order, so their Seqs ascend) and reports in issue order.
func inFlight(c *rpc.Client, method string, args []any) []string {
	calls := make([]*rpc.Call, len(args))
	replies := make([]int64, len(args))
	for i, a := range args {
		calls[i] = c.Go(method, a, &replies[i], make(chan *rpc.Call, 1))
	}
	out := make([]string, len(args))
	for i, call := range calls {
		<-call.Done
		out[i] = line(strconv.FormatInt(replies[i], 10), call.Error)
	}
	return out
}

func scenario(c *rpc.Client, name string) []string {
	switch name {
	case "seq":
		return []string{add(c, 1, 2), add(c, 3, 4), add(c, 5, 6)}
	case "concurrent":
		args := make([]any, 20)
		for i := range args {
			args[i] = Args{int64(i), 1000}
		}
		return inFlight(c, "Conf.Add", args)
	case "out-of-order":
		return inFlight(c, "Conf.Delay", []any{int64(3), int64(2), int64(1)})
	case "error":
		var s string
		err := c.Call("Conf.Fail", "boom: 42", &s)
		return []string{line(s, err), add(c, 2, 2)}
	case "two":
		return []string{add(c, 1, 1), add(c, 2, 2)}
	case "server-close":
		var r int64
		err := c.Call("Conf.Delay", int64(60000), &r)
		return []string{line(strconv.FormatInt(r, 10), err), add(c, 1, 1)}
	case "big":
		var p Payload
		err := c.Call("Conf.Echo", Payload{"big", pattern(1 << 20)}, &p)
		var b []byte
		err2 := c.Call("Conf.Big", int64(2<<20), &b)
		return []string{line(fmt.Sprintf("%s %d %d", p.Text, len(p.Data), sum(p.Data)), err), line(fmt.Sprintf("%d %d", len(b), sum(b)), err2)}
	case "close":
		return []string{add(c, 1, 1)}
	case "close-pending":
		var r int64
		call := c.Go("Conf.Delay", int64(60000), &r, make(chan *rpc.Call, 1))
		c.Close()
		<-call.Done
		return []string{line(strconv.FormatInt(r, 10), call.Error)}
	}
	return []string{"err unknown scenario " + name}
}

func client(addr string) {
	for {
		c, err := rpc.Dial("tcp", addr)
		if err != nil {
			return // the kit is done
		}
		var name string
		if err := c.Call("Conf.Next", "", &name); err != nil {
			c.Close()
			continue
		}
		if name == "" {
			c.Close()
			return
		}
		lines := scenario(c, name)
		c.Close()
		r, err := rpc.Dial("tcp", addr)
		if err != nil {
			return
		}
		var ok bool
		r.Call("Conf.Report", Report{name, lines}, &ok)
		r.Close()
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "rpciut:", err)
	os.Exit(2)
}

func main() {
	switch os.Getenv("RPC_CONFORMANCE_ROLE") {
	case "client":
		addr := os.Getenv("RPC_CONFORMANCE_DIAL")
		if addr == "" {
			fail(errors.New("RPC_CONFORMANCE_DIAL is not set"))
		}
		client(addr)
	case "server", "":
		serve()
	default:
		fail(fmt.Errorf("unknown RPC_CONFORMANCE_ROLE %q", os.Getenv("RPC_CONFORMANCE_ROLE")))
	}
}
