// "rpcpeer slices": the Go client of bench:rpc's fine-grained alternation. It dials once, warms
// up, then runs one slice of Arith.Add calls per command line read from stdin and answers each
// with one JSON line on stdout, so that the benchmark can alternate it with other contenders in
// slices of a few tens of milliseconds (all of them then see the same load):
//
//	ms X      run calls (with -inflight N in flight) for X milliseconds
//	calls N   run N calls (sequential: -inflight 1 only)
//
// Answer: {"calls":N,"ns":ELAPSED,"errors":E}. Exits when stdin reaches EOF.
package main

import (
	"bufio"
	"fmt"
	"net/rpc"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// SliceResult is printed as one JSON line per slice.
type SliceResult struct {
	Calls  int64 `json:"calls"`
	Ns     int64 `json:"ns"`
	Errors int64 `json:"errors"`
}

func runSlices(c *rpc.Client, inflight int) {
	for i := 0; i < 1000; i++ { // warm-up: type definitions are exchanged on the first call
		var r Reply
		_ = c.Call("Arith.Add", Args{i, i}, &r)
	}
	emit(map[string]bool{"ready": true})
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		kind, arg, _ := strings.Cut(strings.TrimSpace(in.Text()), " ")
		n, err := strconv.ParseInt(arg, 10, 64)
		switch {
		case err != nil || n <= 0:
			fmt.Fprintln(os.Stderr, "rpcpeer slices: bad command", in.Text())
			os.Exit(2)
		case kind == "ms":
			emit(sliceFor(c, inflight, time.Duration(n)*time.Millisecond))
		case kind == "calls" && inflight == 1:
			emit(sliceCalls(c, n))
		default:
			fmt.Fprintln(os.Stderr, "rpcpeer slices: unknown command", in.Text())
			os.Exit(2)
		}
	}
}

// sliceCalls makes n sequential calls.
func sliceCalls(c *rpc.Client, n int64) SliceResult {
	var errs int64
	args := Args{1, 1}
	var r Reply
	start := time.Now()
	for i := int64(0); i < n; i++ {
		if err := c.Call("Arith.Add", &args, &r); err != nil || r.C != 2 {
			errs++
		}
	}
	return SliceResult{Calls: n, Ns: int64(time.Since(start)), Errors: errs}
}

// sliceFor makes calls with inflight goroutines until d has passed.
func sliceFor(c *rpc.Client, inflight int, d time.Duration) SliceResult {
	var calls, errs int64
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for g := 0; g < inflight; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			args := Args{g, 1}
			var r Reply
			for time.Now().Before(deadline) {
				if err := c.Call("Arith.Add", &args, &r); err != nil || r.C != g+1 {
					atomic.AddInt64(&errs, 1)
				}
				atomic.AddInt64(&calls, 1)
			}
		}(g)
	}
	wg.Wait()
	return SliceResult{Calls: calls, Ns: int64(time.Since(start)), Errors: errs}
}
