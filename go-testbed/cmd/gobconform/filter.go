package main

// filter.go: `gobconform filter [-json]`, Go's encoding/gob as an implementation under test.
// Go cannot decode a gob stream without Go types, so the filter takes them from the case the
// kit names in $GOB_CONFORMANCE_CASE (it declares the capability "typed"): a value case's Go
// types in order, a hostile case's decode target (or Decode(nil)). Every value is re-encoded
// by one fresh Encoder as soon as it is decoded (or printed as wire-view JSON with -json).
// -fault accept (the kit's self-test of section 8) ends with status 0 whatever Go's error.

import (
	"bufio"
	"encoding/gob"
	"errors"
	"flag"
	"io"
	"os"
	"reflect"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

func filterMain(args []string) error {
	fs := flag.NewFlagSet("filter", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print wire-view JSON lines")
	fault := fs.String("fault", "", "accept: exit 0 on decode errors")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || (*fault != "" && *fault != "accept") {
		usage()
	}
	err := filter(*asJSON)
	if *fault == "accept" {
		return nil
	}
	return err
}

func filter(asJSON bool) error {
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
