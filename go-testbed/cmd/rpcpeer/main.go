// Command rpcpeer is a real Go net/rpc peer for go-netrpc's conformance tests and benchmarks.
//
//	rpcpeer serve  -net tcp|unix|http -addr ADDR
//	    Serves Arith, net.rpc.Arith, BuiltinTypes and Echo (services.go). Prints one JSON line
//	    {"addr": "..."} when listening; exits when stdin reaches EOF. "http" serves
//	    rpc.HandleHTTP's CONNECT endpoint /_goRPC_ over TCP.
//	rpcpeer client -net tcp|unix -addr ADDR [-http] [-steps a,b,c]
//	    Runs the scripted calls of script.go against a server and prints a JSON report.
//	rpcpeer bench  -net tcp|unix -addr ADDR [-http] -inflight N -ms DURATION
//	    Calls Arith.Add as fast as possible with N calls in flight; prints a JSON result.
//	rpcpeer slices -net tcp|unix -addr ADDR [-http] -inflight N
//	    Runs one slice of Arith.Add calls per stdin command (slices.go), for bench:rpc's
//	    fine-grained alternation of contenders.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/rpc"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: rpcpeer serve|client|bench|slices [flags]")
		os.Exit(2)
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	network := fs.String("net", "tcp", "tcp, unix or http (serve only)")
	addr := fs.String("addr", "127.0.0.1:0", "listen or dial address (a path for unix)")
	useHTTP := fs.Bool("http", false, "client/bench: dial with rpc.DialHTTP")
	steps := fs.String("steps", "", "client: comma-separated step names (default all)")
	inflight := fs.Int("inflight", 1, "bench: calls in flight")
	ms := fs.Int("ms", 1000, "bench: duration in milliseconds")
	_ = fs.Parse(os.Args[2:])

	switch mode {
	case "serve":
		serve(*network, *addr)
	case "client":
		c := dial(*network, *addr, *useHTTP)
		report := runScript(c, *steps)
		emit(report)
	case "bench":
		c := dial(*network, *addr, *useHTTP)
		emit(runBench(c, *inflight, *ms))
	case "slices":
		runSlices(dial(*network, *addr, *useHTTP), *inflight)
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", mode)
		os.Exit(2)
	}
}

func emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "json:", err)
		os.Exit(1)
	}
	fmt.Println(string(b))
}

func newServer() *rpc.Server {
	s := rpc.NewServer()
	must(s.Register(new(Arith)))
	must(s.RegisterName("net.rpc.Arith", new(Arith)))
	must(s.Register(BuiltinTypes{}))
	must(s.Register(Echo{}))
	return s
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "rpcpeer:", err)
		os.Exit(1)
	}
}

func serve(network, addr string) {
	srv := newServer()
	lnet := network
	if network == "http" {
		lnet = "tcp"
	}
	if lnet == "unix" {
		_ = os.Remove(addr)
	}
	l, err := net.Listen(lnet, addr)
	must(err)
	emit(map[string]string{"addr": l.Addr().String()})
	// The parent ends us by closing stdin. A TCP listener is left to the exit, which keeps
	// Accept from logging "use of closed network connection" on the way out; a unix socket is
	// closed first, which removes its file.
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		if lnet == "unix" {
			_ = l.Close()
		}
		os.Exit(0)
	}()
	if network == "http" {
		mux := http.NewServeMux()
		mux.Handle(rpc.DefaultRPCPath, srv)
		_ = http.Serve(l, mux)
		return
	}
	srv.Accept(l)
}

func dial(network, addr string, useHTTP bool) *rpc.Client {
	var c *rpc.Client
	var err error
	if useHTTP {
		c, err = rpc.DialHTTP(network, addr)
	} else {
		c, err = rpc.Dial(network, addr)
	}
	must(err)
	return c
}
