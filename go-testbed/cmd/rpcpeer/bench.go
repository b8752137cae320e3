// "rpcpeer bench": Arith.Add calls with N in flight for a fixed time, like net/rpc's
// BenchmarkEndToEnd (N goroutines each making synchronous calls).
package main

import (
	"net/rpc"
	"sync"
	"sync/atomic"
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
	var calls, errs int64
	deadline := time.Now().Add(time.Duration(ms) * time.Millisecond)
	start := time.Now()
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
	secs := time.Since(start).Seconds()
	return BenchResult{
		Calls:       calls,
		Seconds:     secs,
		CallsPerSec: float64(calls) / secs,
		MeanUs:      secs * 1e6 * float64(inflight) / float64(calls),
		Errors:      errs,
	}
}
