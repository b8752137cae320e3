package main

// check.go: `gobconform check NAME` (Go judges an IUT's output), `expect NAME` (the values as
// wire-view JSON) and `stream NAME` (the case's input stream).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

// Verdict is check's answer, one JSON object on stdout.
type Verdict struct {
	// Values is how many values the case holds; Decoded how many Go decoded from the output.
	Values  int `json:"values"`
	Decoded int `json:"decoded"`
	// DecodeError is Go's error decoding the output into the case's types ("" = none).
	DecodeError string `json:"decodeError,omitempty"`
	// Mismatch names the first decoded value that differs from the case's ("" = none).
	Mismatch       string `json:"mismatch,omitempty"`
	ValueIdentical bool   `json:"valueIdentical"`
	// ByteIdentical compares with Go's own encoding of the values; null when Go's bytes are
	// not reproducible (maps with several entries: Go randomises their order).
	ByteIdentical *bool  `json:"byteIdentical"`
	ByteNote      string `json:"byteNote,omitempty"`
	GoSize        int    `json:"goSize"`
	OutSize       int    `json:"outSize"`
}

func valueCase(name string) (gobzoo.Case, error) {
	c, err := findCase(name)
	if err == nil && c.Values == nil {
		err = fmt.Errorf("case %q is hostile: it has no values", name)
	}
	return c, err
}

// expected returns the case's values as Go decodes its input, and Go's encoding of them.
func expected(c gobzoo.Case) ([]any, []byte, error) {
	in := streamOf(c)
	vs, err := decodeAll(in, typesOf(c))
	if err != nil {
		return nil, nil, fmt.Errorf("Go cannot decode its own stream: %w", err)
	}
	if c.Raw == nil {
		return vs, in, nil
	}
	goBytes, err := encodeAll(vs)
	return vs, goBytes, err
}

func checkMain(args []string) error {
	if len(args) != 1 {
		usage()
	}
	c, err := valueCase(args[0])
	if err != nil {
		return err
	}
	want, goBytes, err := expected(c)
	if err != nil {
		return err
	}
	out, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	v := Verdict{Values: len(want), GoSize: len(goBytes), OutSize: len(out)}
	got, derr := decodeAll(out, typesOf(c))
	v.Decoded = len(got)
	if derr != nil {
		v.DecodeError = derr.Error()
	}
	for i := range min(len(got), len(want)) {
		if d := differ(fmt.Sprintf("value %d", i), reflect.ValueOf(want[i]), reflect.ValueOf(got[i]), 0); d != "" {
			v.Mismatch = d + " (Go's vs the output's)"
			break
		}
	}
	v.ValueIdentical = derr == nil && v.Mismatch == "" && len(got) == len(want)
	if !c.Maps {
		same := bytes.Equal(out, goBytes)
		v.ByteIdentical = &same
		if !same {
			v.ByteNote = firstDiff(goBytes, out)
		}
	}
	js, _ := json.Marshal(v)
	_, err = os.Stdout.Write(append(js, '\n'))
	return err
}

// firstDiff says where two gob streams first differ: the byte offset and the message index.
func firstDiff(goBytes, out []byte) string {
	i := 0
	for i < len(goBytes) && i < len(out) && goBytes[i] == out[i] {
		i++
	}
	msg, off := 0, 0
	for off < len(goBytes) {
		n, w := readUint(goBytes[off:])
		end := off + w + int(n)
		if i < end {
			break
		}
		off = end
		msg++
	}
	at := func(b []byte) string {
		if i >= len(b) {
			return "end of stream"
		}
		return fmt.Sprintf("% x", b[i:min(len(b), i+8)])
	}
	return fmt.Sprintf("first difference at byte %d (message %d of Go's stream): Go %s, output %s; sizes %d vs %d", i, msg, at(goBytes), at(out), len(goBytes), len(out))
}

func expectMain(args []string) error {
	if len(args) != 1 {
		usage()
	}
	c, err := valueCase(args[0])
	if err != nil {
		return err
	}
	want, _, err := expected(c)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	for _, v := range want {
		b.Write(gobzoo.WireJSON(v))
		b.WriteByte('\n')
	}
	_, err = os.Stdout.Write(b.Bytes())
	return err
}

func streamMain(args []string) error {
	if len(args) != 1 {
		usage()
	}
	c, err := findCase(args[0])
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(streamOf(c))
	return err
}
