package main

// filter.go: `gobconform filter [-json]`, Go's encoding/gob as an implementation under test.
// Go cannot decode a gob stream without Go types, so the filter takes them from the case the
// kit names in $GOB_CONFORMANCE_CASE (it declares the capability "typed"): a value case's Go
// types in order, a hostile case's decode target (or Decode(nil)). Every value is re-encoded
// by one fresh Encoder as soon as it is decoded (or printed as wire-view JSON with -json).

import (
	"bufio"
	"encoding/gob"
	"errors"
	"io"
	"os"
	"reflect"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

func filterMain(args []string) error {
	asJSON := len(args) == 1 && args[0] == "-json"
	if len(args) > 1 || (len(args) == 1 && !asJSON) {
		usage()
	}
	name := os.Getenv("GOB_CONFORMANCE_CASE")
	c, err := findCase(name)
	if err != nil {
		return errors.New("GOB_CONFORMANCE_CASE: " + err.Error())
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := gob.NewEncoder(out)
	emit := func(v any) error {
		if asJSON {
			out.Write(gobzoo.WireJSON(v))
			return out.WriteByte('\n')
		}
		return enc.Encode(v)
	}
	dec := gob.NewDecoder(bufio.NewReader(os.Stdin))
	if c.Values != nil {
		_, err := decodeFrom(dec, typesOf(c), emit)
		return err
	}
	for {
		var target any
		if c.Target != nil {
			target = c.Target()
		}
		if err := dec.Decode(target); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if target != nil {
			if err := emit(reflect.ValueOf(target).Elem().Interface()); err != nil {
				return err
			}
		}
	}
}
