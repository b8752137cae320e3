// Command gobbench measures Go's encoding/gob throughput on the workloads of go-netrpc's
// `npm run bench:gob` (test/bench/gob.bench.ts builds the same values in TypeScript).
//
//	gobbench [-ms 1000] [-batch 1000] [-workload small|nested|bytes64k|strings]
//
// For each workload it measures, for about -ms milliseconds each:
//   - encode: one Encoder (type definitions already sent) encoding the batch's values
//     repeatedly into a reused buffer;
//   - decode: a fresh Decoder per pass over a pre-encoded stream of the batch (definitions
//     included), decoding every value into a fresh value.
//
// It prints one JSON line per measurement: {"workload","op","values","bytes","ns"}.
package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"time"
)

// Small is a small flat struct.
type Small struct {
	A int
	B string
	C bool
	D float64
}

// Item is an element of Nested.Items.
type Item struct {
	Name  string
	Qty   int
	Price float64
}

// Nested has slices and a map.
type Nested struct {
	ID    int64
	Name  string
	Tags  []string
	Attrs map[string]int
	Items []Item
}

// Workloads builds the batch of values for each workload; keep in sync with gob.bench.ts.
func workloads(batch int) map[string][]any {
	small := make([]any, batch)
	nested := make([]any, batch)
	for i := 0; i < batch; i++ {
		small[i] = Small{A: i*7919 - 500000, B: "name-" + strconv.Itoa(i), C: i%2 == 0, D: float64(i) * 1.25}
		n := Nested{ID: int64(i) * 1000003, Name: "nested-" + strconv.Itoa(i),
			Attrs: map[string]int{"a": i, "b": i + 1, "c": i + 2}}
		for j := 0; j < 5; j++ {
			n.Tags = append(n.Tags, "t"+strconv.Itoa(j)+"-"+strconv.Itoa(i))
		}
		for j := 0; j < 4; j++ {
			n.Items = append(n.Items, Item{Name: "item-" + strconv.Itoa(j), Qty: j + i, Price: float64(j)*0.5 + float64(i)})
		}
		nested[i] = n
	}
	big := make([]byte, 64<<10)
	for k := range big {
		big[k] = byte(k * 31)
	}
	blobs := make([]any, batch/100+1)
	for i := range blobs {
		blobs[i] = big
	}
	strs := make([]string, 100)
	for k := range strs {
		strs[k] = "string-value-" + strconv.Itoa(k) + "-abcdefghijklmnop"
	}
	strings := make([]any, batch/10+1)
	for i := range strings {
		strings[i] = strs
	}
	return map[string][]any{"small": small, "nested": nested, "bytes64k": blobs, "strings": strings}
}

// Result is one measurement.
type Result struct {
	Workload string `json:"workload"`
	Op       string `json:"op"`
	Values   int    `json:"values"`
	Bytes    int    `json:"bytes"`
	Ns       int64  `json:"ns"`
}

func main() {
	ms := flag.Int("ms", 1000, "milliseconds per measurement")
	batch := flag.Int("batch", 1000, "values per batch")
	only := flag.String("workload", "", "run only this workload")
	flag.Parse()
	all := workloads(*batch)
	out := json.NewEncoder(os.Stdout)
	for _, name := range []string{"small", "nested", "bytes64k", "strings"} {
		if *only != "" && name != *only {
			continue
		}
		values := all[name]
		for _, r := range []Result{encode(name, values, *ms), decode(name, values, *ms)} {
			if err := out.Encode(r); err != nil {
				fail(err)
			}
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gobbench:", err)
	os.Exit(1)
}

func encode(name string, values []any, ms int) Result {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(values[0]); err != nil { // type definitions
		fail(err)
	}
	r := Result{Workload: name, Op: "encode"}
	deadline := time.Duration(ms) * time.Millisecond
	start := time.Now()
	for time.Since(start) < deadline {
		buf.Reset()
		for _, v := range values {
			if err := enc.Encode(v); err != nil {
				fail(err)
			}
		}
		r.Values += len(values)
		r.Bytes += buf.Len()
	}
	r.Ns = time.Since(start).Nanoseconds()
	return r
}

func decode(name string, values []any, ms int) Result {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for _, v := range values {
		if err := enc.Encode(v); err != nil {
			fail(err)
		}
	}
	stream := buf.Bytes()
	typ := reflect.TypeOf(values[0])
	r := Result{Workload: name, Op: "decode"}
	deadline := time.Duration(ms) * time.Millisecond
	start := time.Now()
	for time.Since(start) < deadline {
		dec := gob.NewDecoder(bytes.NewReader(stream))
		for {
			p := reflect.New(typ)
			if err := dec.Decode(p.Interface()); err != nil {
				if err == io.EOF {
					break
				}
				fail(err)
			}
			r.Values++
		}
		r.Bytes += len(stream)
	}
	r.Ns = time.Since(start).Nanoseconds()
	return r
}
