// Command gobgen writes go-netrpc's golden gob zoo (go-testbed/internal/gobzoo) into a
// directory: <case>.gob holds the bytes a fresh Go process's gob.Encoder writes for the case's
// values (or the hostile stream), <case>.json the sidecar: description, Go types, the values as
// Go decodes them back (wire-view JSON, see gobzoo/wire.go) or Go's decode error.
//
// Go's type ids are process-global, so `gobgen -out DIR` re-executes itself once per case
// (`gobgen -case ID -out DIR`): every case starts from a fresh id counter, as the issue
// requires for byte-identity with a fresh TypeScript Encoder.
package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

// Sidecar is the JSON written next to each .gob file.
type Sidecar struct {
	ID          string          `json:"id"`
	Description string          `json:"description"`
	ByteCompare bool            `json:"byteCompare"`
	Values      []SidecarValue  `json:"values,omitempty"`
	Hostile     *SidecarHostile `json:"hostile,omitempty"`
}

// SidecarValue describes one encoded value.
type SidecarValue struct {
	GoType string          `json:"goType"`
	Go     string          `json:"go"`
	Wire   json.RawMessage `json:"wire"`
}

// SidecarHostile describes a stream that must fail to decode.
type SidecarHostile struct {
	Target  string   `json:"target"`
	GoError string   `json:"goError"`
	Codes   []string `json:"codes"`
	// ValuesBefore is how many values Go decoded successfully before the error.
	ValuesBefore int `json:"valuesBefore"`
}

func main() {
	out := flag.String("out", "", "output directory")
	one := flag.String("case", "", "generate only this case, in this process")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gobgen: -out is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	if *one != "" {
		c, ok := gobzoo.Find(*one)
		if !ok {
			fail(fmt.Errorf("unknown case %q", *one))
		}
		if err := generate(c, *out); err != nil {
			fail(fmt.Errorf("case %s: %w", c.ID, err))
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	cases := gobzoo.All()
	errs := make([]error, len(cases))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cmd := exec.Command(self, "-case", c.ID, "-out", *out)
			if msg, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("%s: %v: %s", c.ID, err, msg)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gobgen:", err)
	os.Exit(1)
}

func generate(c gobzoo.Case, dir string) error {
	gobzoo.Register()
	side := Sidecar{ID: c.ID, Description: c.Desc, ByteCompare: !c.Maps && c.Bytes == nil && c.Raw == nil}
	var stream []byte
	if c.Bytes != nil {
		stream = c.Bytes()
		h := &SidecarHostile{Target: "nil (Decode(nil))", Codes: c.Codes}
		var target any
		if c.Target != nil {
			target = c.Target()
			h.Target = reflect.TypeOf(target).Elem().String()
		}
		// Decode values until the first error, as a receiver would.
		dec := gob.NewDecoder(bytes.NewReader(stream))
		for i := 0; ; i++ {
			if c.Target != nil {
				target = c.Target()
			}
			err := dec.Decode(target)
			if err == io.EOF && i > 0 {
				return errors.New("hostile stream decoded without error")
			}
			if err != nil {
				h.GoError = err.Error()
				h.ValuesBefore = i
				break
			}
		}
		side.Hostile = h
	} else {
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		values := c.Values()
		if c.Raw != nil {
			buf.Write(c.Raw())
		} else {
			for i, v := range values {
				if err := enc.Encode(v); err != nil {
					return fmt.Errorf("encode value %d (%T): %w", i, v, err)
				}
			}
		}
		stream = buf.Bytes()
		decoded, err := DecodeAll(stream, values)
		if err != nil {
			return err
		}
		for i, v := range decoded {
			side.Values = append(side.Values, SidecarValue{
				GoType: reflect.TypeOf(values[i]).String(),
				Go:     goString(v),
				Wire:   gobzoo.WireJSON(v),
			})
		}
	}
	js, err := json.MarshalIndent(side, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, c.ID+".gob"), stream, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, c.ID+".json"), append(js, '\n'), 0o644)
}

// DecodeAll decodes one value per template from stream, each into a fresh value of the
// template's type, and checks that the stream is then exhausted.
func DecodeAll(stream []byte, templates []any) ([]any, error) {
	dec := gob.NewDecoder(bytes.NewReader(stream))
	out := make([]any, len(templates))
	for i, t := range templates {
		p := reflect.New(reflect.TypeOf(t))
		if err := dec.Decode(p.Interface()); err != nil {
			return nil, fmt.Errorf("decode value %d (%T): %w", i, t, err)
		}
		out[i] = p.Elem().Interface()
	}
	var extra any
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("stream not exhausted: %v", err)
	}
	return out, nil
}

var pointerAddr = regexp.MustCompile(`\(0x[0-9a-f]+\)`)

func goString(v any) string {
	s := fmt.Sprintf("%#v", v)
	s = strings.ReplaceAll(s, "gobzoo.", "main.")
	s = pointerAddr.ReplaceAllString(s, "(0x…)") // addresses differ between runs
	if len(s) > 2000 {
		s = s[:2000] + "…"
	}
	return s
}
