// msgpackrpc is a Go net/rpc peer speaking the msgpack codec exactly as Packer does
// (ugorji codec.GoRpc with MsgpackHandle{WriteExt: true, RawToString: true}).
//
//	msgpackrpc serve      listens on 127.0.0.1:0, prints the address, serves one connection
//	msgpackrpc call ADDR  calls the TS server's Arith service and prints one JSON report
//
// The same source builds against ugorji 1.2.x (packer-sdk) and the 2015 ugorji
// (packer-legacy, where this file is a symlink).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/rpc"
	"os"
	"time"

	"github.com/ugorji/go/codec"
)

type Args struct {
	A int
	B int
}

type Reply struct {
	Sum     int
	Product int64
	Note    string
	Raw     []byte
	When    time.Time
}

type Arith struct{}

func (Arith) Add(a Args, r *Reply) error {
	*r = Reply{Sum: a.A + a.B, Product: int64(a.A) * int64(a.B), Note: fmt.Sprintf("%d+%d", a.A, a.B), Raw: []byte{1, 2}, When: time.Unix(1700000000, 5).UTC()}
	return nil
}

func (Arith) Fail(msg string, r *int) error { return errors.New(msg) }

func (Arith) Echo(m map[string]interface{}, r *map[string]interface{}) error {
	*r = m
	return nil
}

func handle() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true
	h.RawToString = true
	return h
}

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "serve" {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(l.Addr().String())
		c, err := l.Accept()
		if err != nil {
			os.Exit(1)
		}
		s := rpc.NewServer()
		_ = s.Register(Arith{})
		s.ServeCodec(codec.GoRpc.ServerCodec(c, handle()))
		return
	}
	if len(os.Args) >= 3 && os.Args[1] == "call" {
		c, err := net.Dial("tcp", os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cl := rpc.NewClientWithCodec(codec.GoRpc.ClientCodec(c, handle()))
		out := map[string]interface{}{}
		var r Reply
		err = cl.Call("Arith.Add", Args{A: 200, B: -70000}, &r)
		out["add"] = map[string]interface{}{"err": fmt.Sprint(err), "sum": r.Sum, "product": r.Product, "note": r.Note, "raw": r.Raw, "when": fmt.Sprint(r.When.UnixNano())}
		var n int
		err = cl.Call("Arith.Fail", "no luck", &n)
		out["fail"] = fmt.Sprint(err)
		var m map[string]interface{}
		err = cl.Call("Arith.Echo", map[string]interface{}{"k": "v", "n": 42.5}, &m)
		out["echo"] = map[string]interface{}{"err": fmt.Sprint(err), "k": fmt.Sprint(m["k"]), "n": fmt.Sprint(m["n"])}
		_ = cl.Close()
		_ = json.NewEncoder(os.Stdout).Encode(out)
		return
	}
	fmt.Fprintln(os.Stderr, "usage: msgpackrpc serve | call ADDR")
	os.Exit(2)
}
