package gobzoo

// wire.go renders a Go value as go-netrpc's "wire view" JSON: the value as it travels in gob
// (pointers flattened, marshalers as their bytes, struct fields gob omits shown as the wire
// zero). The same mapping is produced by `go-netrpc gob dump --json`, so Go and TypeScript
// can compare decoded values as JSON:
//
//	bool → true/false; ints → number when |v| ≤ 2^53-1, else a decimal string;
//	floats → number, "NaN", "+Inf", "-Inf", "-0"; complex → [re, im];
//	string → JSON string, bytes that are not UTF-8 map to U+DC80..U+DCFF (surrogateescape);
//	[]byte and marshaler payloads → base64; arrays, slices → arrays;
//	maps → [[key, value], ...] sorted by the key's JSON; structs → objects (declaration order);
//	interface → null or {"$type": registered name, "$value": view}; absent struct → null.

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/gob"
	"math"
	"reflect"
	"sort"
	"strconv"
	"unicode/utf8"
)

const maxSafe = 1<<53 - 1

var (
	gobEncType = reflect.TypeOf((*gob.GobEncoder)(nil)).Elem()
	binMarType = reflect.TypeOf((*encoding.BinaryMarshaler)(nil)).Elem()
)

// WireJSON renders v (any Go value; pointers are followed) as wire-view JSON.
func WireJSON(v any) []byte {
	var b bytes.Buffer
	writeValue(&b, reflect.ValueOf(v))
	return b.Bytes()
}

// marshalerBytes returns the GobEncode/MarshalBinary output of v, if its type has either.
func marshalerBytes(v reflect.Value) ([]byte, bool) {
	t := v.Type()
	call := func(x reflect.Value) ([]byte, bool) {
		if x.Type().Implements(gobEncType) {
			p, err := x.Interface().(gob.GobEncoder).GobEncode()
			return orErr(p, err), true
		}
		p, err := x.Interface().(encoding.BinaryMarshaler).MarshalBinary()
		return orErr(p, err), true
	}
	for _, it := range []reflect.Type{gobEncType, binMarType} {
		if t.Implements(it) {
			return call(v)
		}
		if reflect.PointerTo(t).Implements(it) {
			c := reflect.New(t)
			c.Elem().Set(v)
			return call(c)
		}
	}
	return nil, false
}

func orErr(p []byte, err error) []byte {
	if err != nil {
		return []byte("marshal error: " + err.Error())
	}
	return p
}

func isMarshaler(t reflect.Type) bool {
	for _, it := range []reflect.Type{gobEncType, binMarType} {
		if t.Implements(it) || reflect.PointerTo(t).Implements(it) {
			return true
		}
	}
	return false
}

func writeValue(b *bytes.Buffer, v reflect.Value) {
	for v.Kind() == reflect.Pointer {
		if isMarshaler(v.Type()) && !isMarshaler(v.Type().Elem()) {
			break
		}
		if v.IsNil() {
			b.WriteString("null")
			return
		}
		v = v.Elem()
	}
	if p, ok := marshalerBytes(v); ok {
		writeString(b, base64.StdEncoding.EncodeToString(p))
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := v.Int()
		if i > maxSafe || i < -maxSafe {
			writeString(b, strconv.FormatInt(i, 10))
		} else {
			b.WriteString(strconv.FormatInt(i, 10))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := v.Uint()
		if u > maxSafe {
			writeString(b, strconv.FormatUint(u, 10))
		} else {
			b.WriteString(strconv.FormatUint(u, 10))
		}
	case reflect.Float32, reflect.Float64:
		writeFloat(b, v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		b.WriteByte('[')
		writeFloat(b, real(c))
		b.WriteByte(',')
		writeFloat(b, imag(c))
		b.WriteByte(']')
	case reflect.String:
		writeString(b, v.String())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			writeString(b, base64.StdEncoding.EncodeToString(v.Bytes()))
			return
		}
		writeList(b, v)
	case reflect.Array:
		writeList(b, v)
	case reflect.Map:
		writeMap(b, v)
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return
		}
		e := v.Elem()
		b.WriteString(`{"$type":`)
		writeString(b, NameOf(e.Type()))
		b.WriteString(`,"$value":`)
		writeValue(b, e)
		b.WriteByte('}')
	case reflect.Struct:
		writeStruct(b, v)
	default:
		writeString(b, "unsupported kind "+v.Kind().String())
	}
}

func writeList(b *bytes.Buffer, v reflect.Value) {
	b.WriteByte('[')
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		writeValue(b, v.Index(i))
	}
	b.WriteByte(']')
}

func writeMap(b *bytes.Buffer, v reflect.Value) {
	type pair struct{ k, e []byte }
	pairs := make([]pair, 0, v.Len())
	it := v.MapRange()
	for it.Next() {
		var kb, eb bytes.Buffer
		writeValue(&kb, it.Key())
		writeValue(&eb, it.Value())
		pairs = append(pairs, pair{kb.Bytes(), eb.Bytes()})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if c := bytes.Compare(pairs[i].k, pairs[j].k); c != 0 {
			return c < 0
		}
		return bytes.Compare(pairs[i].e, pairs[j].e) < 0
	})
	b.WriteByte('[')
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		b.Write(p.k)
		b.WriteByte(',')
		b.Write(p.e)
		b.WriteByte(']')
	}
	b.WriteByte(']')
}

// sentField reports whether gob describes and sends a struct field at all.
func sentField(f reflect.StructField) bool {
	if !f.IsExported() {
		return false
	}
	t := f.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() != reflect.Chan && t.Kind() != reflect.Func
}

func writeStruct(b *bytes.Buffer, v reflect.Value) {
	t := v.Type()
	b.WriteByte('{')
	first := true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !sentField(f) {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeString(b, f.Name)
		b.WriteByte(':')
		fv := v.Field(i)
		if omitted(fv) {
			writeWireZero(b, fv.Type())
		} else {
			writeValue(b, fv)
		}
	}
	b.WriteByte('}')
}

// omitted mirrors gob's struct-field zero omission (encode.go: encInt & co with sendZero=false,
// gobEncodeOpFor's IsZero, encodeStruct's nil-pointer skip).
func omitted(v reflect.Value) bool {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return true
		}
		if isMarshaler(v.Type()) && !isMarshaler(v.Type().Elem()) {
			return false // pointer-receiver marshaler reached through a pointer: sent
		}
		v = v.Elem()
	}
	t := v.Type()
	if isMarshaler(t) {
		if t.Implements(gobEncType) || (!reflect.PointerTo(t).Implements(gobEncType) && t.Implements(binMarType)) {
			return v.IsZero()
		}
		return false // pointer receiver: gob takes the address, never zero
	}
	switch v.Kind() {
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() == 0
	case reflect.String, reflect.Slice:
		return v.Len() == 0
	case reflect.Map, reflect.Interface:
		return v.IsNil()
	}
	return false // arrays and structs are always sent
}

// writeWireZero writes what a receiver of an absent field of type t sees in the wire view.
func writeWireZero(b *bytes.Buffer, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		if isMarshaler(t) && !isMarshaler(t.Elem()) {
			break
		}
		t = t.Elem()
	}
	if isMarshaler(t) {
		b.WriteString("null")
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		b.WriteString("false")
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32,
		reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Uintptr:
		b.WriteString("0")
	case reflect.Complex64, reflect.Complex128:
		b.WriteString("[0,0]")
	case reflect.String:
		b.WriteString(`""`)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			b.WriteString(`""`)
		} else {
			b.WriteString("[]")
		}
	case reflect.Map:
		b.WriteString("[]")
	default: // interface, struct (only absent through a nil pointer)
		b.WriteString("null")
	}
}

func writeFloat(b *bytes.Buffer, f float64) {
	switch {
	case math.IsNaN(f):
		b.WriteString(`"NaN"`)
	case math.IsInf(f, 1):
		b.WriteString(`"+Inf"`)
	case math.IsInf(f, -1):
		b.WriteString(`"-Inf"`)
	case f == 0 && math.Signbit(f):
		b.WriteString(`"-0"`)
	default:
		b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	}
}

// writeString writes a JSON string; bytes that are not valid UTF-8 become \udc80..\udcff.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			c := s[i]
			b.WriteString(`\udc`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			i++
			continue
		}
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&15])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
