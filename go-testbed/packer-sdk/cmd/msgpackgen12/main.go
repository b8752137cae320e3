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
	flag.Parse()
	cases := zoo.Cases()
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
