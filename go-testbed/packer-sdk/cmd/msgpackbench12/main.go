// msgpackbench times ugorji's msgpack encode and decode of zoo values (packer-zoo) inside this
// process, for test/bench/msgpack.bench.ts (`npm run bench:msgpack`). For each case named in
// -cases it prints one JSON line {"name","hex","bytes","encodeNs","decodeNs"}: CPU time
// (getrusage, user + system, all threads: garbage collection included) per operation over at
// least -ms milliseconds of CPU each. A reused encoder and decoder (ResetBytes), as a net/rpc
// codec uses them; decoding goes into a value reset to its zero value each time. Packer's
// handle (WriteExt, RawToString). The same source builds against ugorji 1.2.x
// (go-testbed/packer-sdk) and the 2015 ugorji pinned by packer v1.6.6 (go-testbed/packer-legacy,
// where this file is a symlink).
package main

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"syscall"

	"github.com/go-netrpc/go-testbed/packer-zoo"
	"github.com/ugorji/go/codec"
)

type result struct {
	Name     string  `json:"name"`
	Hex      string  `json:"hex"`
	Bytes    int     `json:"bytes"`
	EncodeNs float64 `json:"encodeNs"`
	DecodeNs float64 `json:"decodeNs"`
}

func handle() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true
	h.RawToString = true
	return h
}

// cpuNs is this process's CPU time so far (user + system, all threads).
func cpuNs() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// measure runs op in batches of 256 until at least minNs of CPU time has passed; ns per op.
func measure(minNs int64, op func()) float64 {
	for i := 0; i < 2000; i++ { // warm-up
		op()
	}
	n := 0
	start := cpuNs()
	for cpuNs()-start < minNs {
		for i := 0; i < 256; i++ {
			op()
		}
		n += 256
	}
	return float64(cpuNs()-start) / float64(n)
}

func main() {
	names := flag.String("cases", "mixed", "comma-separated zoo case names")
	ms := flag.Int("ms", 200, "CPU milliseconds per measurement")
	flag.Parse()
	byName := map[string]interface{}{}
	for _, c := range zoo.Cases() {
		byName[c.Name] = c.Value
	}
	minNs := int64(*ms) * 1_000_000
	h := handle()
	out := json.NewEncoder(os.Stdout)
	for _, name := range strings.Split(*names, ",") {
		v, ok := byName[name]
		if !ok {
			fmt.Fprintln(os.Stderr, "unknown case", name)
			os.Exit(2)
		}
		var buf []byte
		enc := codec.NewEncoderBytes(&buf, h)
		encNs := measure(minNs, func() {
			buf = buf[:0]
			enc.ResetBytes(&buf)
			if err := enc.Encode(v); err != nil {
				panic(err)
			}
		})
		data := append([]byte(nil), buf...)
		dec := codec.NewDecoderBytes(data, h)
		ptr := reflect.New(reflect.TypeOf(v))
		zero := reflect.Zero(ptr.Elem().Type())
		decNs := measure(minNs, func() {
			ptr.Elem().Set(zero)
			dec.ResetBytes(data)
			if err := dec.Decode(ptr.Interface()); err != nil {
				panic(err)
			}
		})
		_ = out.Encode(result{Name: name, Hex: hex.EncodeToString(data), Bytes: len(data), EncodeNs: encNs, DecodeNs: decNs})
	}
}
