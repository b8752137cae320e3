// "rpcpeer bench": Arith.Add calls with N in flight for a fixed time, like net/rpc's
// BenchmarkEndToEnd (N goroutines each making synchronous calls).
package main

import (
	"net/rpc"
	"time"
)

// BenchResult is printed as JSON.
type BenchResult struct {
	Calls       int64   `json:"calls"`
	Seconds     float64 `json:"seconds"`
	CallsPerSec float64 `json:"callsPerSec"`
	MeanUs      float64 `json:"meanUs"`
	Errors      int64   `json:"errors"`
}

func runBench(c *rpc.Client, inflight, ms int) BenchResult {
	// Warm up: type definitions are exchanged on the first call.
	for i := 0; i < 100; i++ {
		var r Reply
		_ = c.Call("Arith.Add", Args{i, i}, &r)
	}
	s := sliceFor(c, inflight, time.Duration(ms)*time.Millisecond)
	calls, errs := s.Calls, s.Errors
	secs := time.Duration(s.Ns).Seconds()
	return BenchResult{
		Calls:       calls,
		Seconds:     secs,
		CallsPerSec: float64(calls) / secs,
		MeanUs:      secs * 1e6 * float64(inflight) / float64(calls),
		Errors:      errs,
	}
}
