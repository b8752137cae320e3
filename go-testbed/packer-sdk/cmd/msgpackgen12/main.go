// msgpackgen writes the ugorji msgpack encoding of every zoo value (packer-zoo) as JSON
// fixtures, or checks bytes produced elsewhere: with -check it reads [{"name","hex"}] on stdin,
// decodes each into a fresh value of the zoo case's type, re-encodes it and reports whether
// that equals Go's own encoding of the case. The same source builds against ugorji 1.2.x
// (go-testbed/packer-sdk) and against the 2015 ugorji pinned by packer v1.6.6
// (go-testbed/packer-legacy, where this file is a symlink).
package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"time"

	"github.com/go-netrpc/go-testbed/packer-zoo"
	"github.com/ugorji/go/codec"
)

type fixture struct {
	Name string `json:"name"`
	Hex  string `json:"hex"`
}

type result struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	Want  string `json:"want,omitempty"`
	Got   string `json:"got,omitempty"`
}

// handle is Packer's: rpc/common.go (1.6) and packer-plugin-sdk rpc.
func handle() *codec.MsgpackHandle {
	h := &codec.MsgpackHandle{}
	h.WriteExt = true
	h.RawToString = true
	return h
}

func encode(v interface{}) ([]byte, error) {
	var out []byte
	err := codec.NewEncoderBytes(&out, handle()).Encode(v)
	return out, err
}

func main() {
	out := flag.String("out", "", "write fixtures JSON to this file")
	check := flag.Bool("check", false, "check [{name,hex}] from stdin")
	bench := flag.String("bench", "", "time encode and decode of this zoo case; prints JSON ns/op")
	flag.Parse()
	cases := zoo.Cases()
	if *bench != "" {
		runBench(cases, *bench)
		return
	}
	if *check {
		byName := map[string]interface{}{}
		for _, c := range cases {
			byName[c.Name] = c.Value
		}
		var in []fixture
		if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var res []result
		for _, f := range in {
			r := result{Name: f.Name}
			res = append(res, checkOne(f, byName[f.Name], &r))
		}
		_ = json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	var fx []fixture
	for _, c := range cases {
		b, err := encode(c.Value)
		if err != nil {
			fmt.Fprintln(os.Stderr, c.Name, err)
			os.Exit(1)
		}
		fx = append(fx, fixture{Name: c.Name, Hex: hex.EncodeToString(b)})
	}
	data, _ := json.MarshalIndent(fx, "", " ")
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func checkOne(f fixture, want interface{}, r *result) result {
	if want == nil {
		r.Error = "unknown case"
		return *r
	}
	raw, err := hex.DecodeString(f.Hex)
	if err != nil {
		r.Error = err.Error()
		return *r
	}
	ptr := reflect.New(reflect.TypeOf(want))
	if err := codec.NewDecoderBytes(raw, handle()).Decode(ptr.Interface()); err != nil {
		r.Error = err.Error()
		return *r
	}
	got, err := encode(ptr.Elem().Interface())
	if err != nil {
		r.Error = err.Error()
		return *r
	}
	exp, _ := encode(want)
	r.OK = bytes.Equal(got, exp)
	if !r.OK {
		r.Want, r.Got = hex.EncodeToString(exp), hex.EncodeToString(got)
	}
	return *r
}

// runBench encodes and decodes one zoo case for about a second each (a reused encoder and
// decoder, as a net/rpc codec uses them) and prints {"encodeNs":…,"decodeNs":…,"bytes":…}.
func runBench(cases []zoo.Case, name string) {
	var v interface{}
	for _, c := range cases {
		if c.Name == name {
			v = c.Value
		}
	}
	if v == nil {
		fmt.Fprintln(os.Stderr, "unknown case", name)
		os.Exit(2)
	}
	h := handle()
	var buf []byte
	enc := codec.NewEncoderBytes(&buf, h)
	n := 0
	start := time.Now()
	for time.Since(start) < time.Second {
		for i := 0; i < 1000; i++ {
			buf = buf[:0]
			enc.ResetBytes(&buf)
			if err := enc.Encode(v); err != nil {
				panic(err)
			}
		}
		n += 1000
	}
	encNs := float64(time.Since(start).Nanoseconds()) / float64(n)
	data := append([]byte(nil), buf...)
	dec := codec.NewDecoderBytes(data, h)
	ptr := reflect.New(reflect.TypeOf(v))
	n = 0
	start = time.Now()
	for time.Since(start) < time.Second {
		for i := 0; i < 1000; i++ {
			ptr.Elem().Set(reflect.Zero(ptr.Elem().Type()))
			dec.ResetBytes(data)
			if err := dec.Decode(ptr.Interface()); err != nil {
				panic(err)
			}
		}
		n += 1000
	}
	decNs := float64(time.Since(start).Nanoseconds()) / float64(n)
	_ = json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"encodeNs": encNs, "decodeNs": decNs, "bytes": len(data)})
}
