// Command gobpeer is the Go side of go-netrpc's gob conformance tests.
//
//	gobpeer decode CASE   stdin: a gob stream; decodes one value per value of zoo case CASE,
//	                      each into a fresh value of that value's Go type, and prints
//	                      {"values":[wire-view JSON…]} or {"error":"Go's error","values":[…]}.
//	gobpeer echo CASE     the same decode, then writes the values with a fresh gob.Encoder to
//	                      stdout (exit 1 and the error on stderr on failure).
//	gobpeer dyn TYPE      one-shot dyn (below) in a fresh process: stdin → Go's re-encoding
//	                      on stdout, with the type ids of a fresh process.
//	gobpeer serve         line protocol on stdin/stdout, one JSON request per line:
//	                      {"op":"decode"|"echo","case":ID,"data":base64} or
//	                      {"op":"dyn","type":TYPE,"data":base64} → one JSON response line
//	                      {"values":…,"data":base64,"error":…}.
//
// "dyn" builds the Go type described by TYPE at run time (reflect.StructOf, SliceOf, ArrayOf,
// MapOf, PointerTo), decodes the TypeScript-encoded value into it and re-encodes it with a fresh
// Go Encoder, so random TypeScript schemas and values are checked by Go's own gob.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

// Request is one serve-mode request.
type Request struct {
	Op   string    `json:"op"`
	Case string    `json:"case,omitempty"`
	Type *TypeDesc `json:"type,omitempty"`
	Data string    `json:"data"`
}

// Response is one serve-mode response.
type Response struct {
	Values []json.RawMessage `json:"values,omitempty"`
	Data   string            `json:"data,omitempty"`
	Error  string            `json:"error,omitempty"`
}

func main() {
	gobzoo.Register()
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "decode", "echo":
		if len(os.Args) != 3 {
			usage()
		}
		in, err := io.ReadAll(os.Stdin)
		if err != nil {
			fatal(err)
		}
		resp := handle(Request{Op: os.Args[1], Case: os.Args[2], Data: base64.StdEncoding.EncodeToString(in)})
		if os.Args[1] == "echo" {
			if resp.Error != "" {
				fatal(errors.New(resp.Error))
			}
			out, _ := base64.StdEncoding.DecodeString(resp.Data)
			os.Stdout.Write(out)
			return
		}
		js, _ := json.Marshal(resp)
		os.Stdout.Write(append(js, '\n'))
	case "dyn":
		if len(os.Args) != 3 {
			usage()
		}
		var t TypeDesc
		if err := json.Unmarshal([]byte(os.Args[2]), &t); err != nil {
			fatal(err)
		}
		in, err := io.ReadAll(os.Stdin)
		if err != nil {
			fatal(err)
		}
		resp := handle(Request{Op: "dyn", Type: &t, Data: base64.StdEncoding.EncodeToString(in)})
		if resp.Error != "" {
			fatal(errors.New(resp.Error))
		}
		out, _ := base64.StdEncoding.DecodeString(resp.Data)
		os.Stdout.Write(out)
	case "serve":
		serve()
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: gobpeer decode CASE | echo CASE | dyn TYPE | serve")
	os.Exit(2)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gobpeer:", err)
	os.Exit(1)
}

func serve() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var req Request
			var resp Response
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				resp.Error = "gobpeer: bad request: " + jerr.Error()
			} else {
				resp = handle(req)
			}
			js, _ := json.Marshal(resp)
			out.Write(append(js, '\n'))
			out.Flush()
		}
		if err != nil {
			return
		}
	}
}

// handle runs one request; a Go panic inside gob becomes an error response.
func handle(req Request) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = Response{Error: fmt.Sprintf("gobpeer: panic: %v", r)}
		}
	}()
	data, err := base64.StdEncoding.DecodeString(req.Data)
	if err != nil {
		return Response{Error: "gobpeer: bad base64: " + err.Error()}
	}
	var types []reflect.Type
	switch req.Op {
	case "decode", "echo":
		c, ok := gobzoo.Find(req.Case)
		if !ok || c.Values == nil {
			return Response{Error: "gobpeer: unknown value case " + req.Case}
		}
		for _, v := range c.Values() {
			types = append(types, reflect.TypeOf(v))
		}
	case "dyn":
		t, err := req.Type.Build()
		if err != nil {
			return Response{Error: "gobpeer: bad type: " + err.Error()}
		}
		types = []reflect.Type{t}
	default:
		return Response{Error: "gobpeer: unknown op " + req.Op}
	}
	values, err := decodeAll(data, types)
	for _, v := range values {
		resp.Values = append(resp.Values, gobzoo.WireJSON(v))
	}
	if err != nil {
		resp.Error = err.Error()
		return resp
	}
	if req.Op != "decode" {
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		for _, v := range values {
			if err := enc.Encode(v); err != nil {
				resp.Error = "gobpeer: re-encode: " + err.Error()
				return resp
			}
		}
		resp.Data = base64.StdEncoding.EncodeToString(buf.Bytes())
	}
	return resp
}

// decodeAll decodes one value per type and requires the stream to end cleanly afterwards.
func decodeAll(data []byte, types []reflect.Type) ([]any, error) {
	dec := gob.NewDecoder(bytes.NewReader(data))
	out := make([]any, 0, len(types))
	for i, t := range types {
		p := reflect.New(t)
		if err := dec.Decode(p.Interface()); err != nil {
			return out, fmt.Errorf("value %d (%s): %w", i, t, err)
		}
		// A top-level interface{} must stay an interface (Encode(&v) sends type id 8); other
		// values are passed as themselves (Go's encoder panics on **big.Int, for one).
		if t.Kind() == reflect.Interface {
			out = append(out, p.Interface())
		} else {
			out = append(out, p.Elem().Interface())
		}
	}
	var extra any
	if err := dec.Decode(&extra); err != io.EOF {
		if err == nil {
			return out, errors.New("stream holds more values than expected")
		}
		return out, fmt.Errorf("after the last value: %w", err)
	}
	return out, nil
}
