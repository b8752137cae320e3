package main

// values.go: a case's Go stream and Go types, decoding a stream into them, and the value
// comparison the checker judges with (reflect.DeepEqual's rules, except that floats compare
// by their bits, so NaN equals the same NaN and -0 differs from 0, and types with
// MarshalBinary, such as time.Time, compare by their binary form).

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

// streamOf returns the case's input stream as Go writes it (for a value case: the values
// encoded by this process's first Encoder, so with fresh type ids).
func streamOf(c gobzoo.Case) []byte {
	switch {
	case c.Bytes != nil:
		return c.Bytes()
	case c.Raw != nil:
		return c.Raw()
	}
	return encoded(c.Values()...)
}

func typesOf(c gobzoo.Case) []reflect.Type {
	var ts []reflect.Type
	for _, v := range c.Values() {
		ts = append(ts, reflect.TypeOf(v))
	}
	return ts
}

// decodeAll decodes one value per type from data, then requires a clean end of stream. A
// top-level interface stays a *interface{} (Encode(&v) sends it as an interface, type id 8).
func decodeAll(data []byte, types []reflect.Type) ([]any, error) {
	return decodeFrom(gob.NewDecoder(bytes.NewReader(data)), types, nil)
}

// decodeFrom decodes as decodeAll does, handing each value to each (when not nil) at once.
func decodeFrom(dec *gob.Decoder, types []reflect.Type, each func(any) error) (out []any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gob panicked: %v", r)
		}
	}()
	for i, t := range types {
		p := reflect.New(t)
		if err := dec.Decode(p.Interface()); err != nil {
			if err == io.EOF {
				return out, fmt.Errorf("value %d (%s): the stream ends after %d value(s)", i, t, i)
			}
			return out, fmt.Errorf("value %d (%s): %w", i, t, err)
		}
		if t.Kind() == reflect.Interface {
			out = append(out, p.Interface())
		} else {
			out = append(out, p.Elem().Interface())
		}
		if each != nil {
			if err := each(out[len(out)-1]); err != nil {
				return out, err
			}
		}
	}
	var extra any
	if err := dec.Decode(&extra); err != io.EOF {
		if err == nil {
			return out, errors.New("the stream holds more values than the case")
		}
		return out, fmt.Errorf("after the last value: %w", err)
	}
	return out, nil
}

func encodeAll(vs []any) ([]byte, error) {
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	for i, v := range vs {
		if err := enc.Encode(v); err != nil {
			return nil, fmt.Errorf("encode value %d: %w", i, err)
		}
	}
	return b.Bytes(), nil
}

var binMar = reflect.TypeOf((*encoding.BinaryMarshaler)(nil)).Elem()

// differ returns "" when a and b are equal, else where and how they first differ.
func differ(path string, a, b reflect.Value, depth int) string {
	if depth > 100_000 {
		return path + ": nesting too deep to compare"
	}
	if a.IsValid() != b.IsValid() {
		return fmt.Sprintf("%s: %s vs %s", path, show(a), show(b))
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: type %s vs %s", path, a.Type(), b.Type())
	}
	if a.Kind() == reflect.Struct && a.Type().Implements(binMar) && a.CanInterface() && b.CanInterface() {
		pa, _ := a.Interface().(encoding.BinaryMarshaler).MarshalBinary()
		pb, _ := b.Interface().(encoding.BinaryMarshaler).MarshalBinary()
		if !bytes.Equal(pa, pb) {
			return fmt.Sprintf("%s: %s vs %s", path, show(a), show(b))
		}
		return ""
	}
	next := depth + 1
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return fmt.Sprintf("%s: %v vs %v", path, a.Float(), b.Float())
		}
	case reflect.Complex64, reflect.Complex128:
		ca, cb := a.Complex(), b.Complex()
		if math.Float64bits(real(ca)) != math.Float64bits(real(cb)) || math.Float64bits(imag(ca)) != math.Float64bits(imag(cb)) {
			return fmt.Sprintf("%s: %v vs %v", path, ca, cb)
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: %s vs %s", path, show(a), show(b))
			}
			return ""
		}
		return differ(path, a.Elem(), b.Elem(), next)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: %s vs %s (nil and empty differ)", path, show(a), show(b))
		}
		fallthrough
	case reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d vs %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := differ(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), next); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return fmt.Sprintf("%s: %s (%d entries) vs %s (%d entries)", path, show(a), a.Len(), show(b), b.Len())
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return fmt.Sprintf("%s: key %s missing", path, show(k))
			}
			if d := differ(fmt.Sprintf("%s[%s]", path, show(k)), a.MapIndex(k), bv, next); d != "" {
				return d
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if d := differ(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), next); d != "" {
				return d
			}
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v vs %v", path, a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %d vs %d", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %d vs %d", path, a.Uint(), b.Uint())
		}
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %s vs %s", path, show(a), show(b))
		}
	default:
		if a.CanInterface() && b.CanInterface() && !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %s vs %s", path, show(a), show(b))
		}
	}
	return ""
}

func show(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	var s string
	switch {
	case v.Kind() == reflect.String:
		s = fmt.Sprintf("%q", v.String())
	case v.CanInterface():
		s = fmt.Sprintf("%#v", v.Interface())
	default:
		s = v.Type().String()
	}
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
