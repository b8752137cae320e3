package main

// dyn.go builds Go types at run time from go-netrpc's JSON type descriptions.

import (
	"fmt"
	"reflect"
)

// TypeDesc is a JSON type description: {"kind":"int"}, {"kind":"slice","elem":T},
// {"kind":"array","len":N,"elem":T}, {"kind":"map","key":K,"elem":T}, {"kind":"ptr","elem":T},
// {"kind":"struct","fields":[{"name":"A","type":T}]}.
type TypeDesc struct {
	Kind   string      `json:"kind"`
	Elem   *TypeDesc   `json:"elem,omitempty"`
	Key    *TypeDesc   `json:"key,omitempty"`
	Len    int         `json:"len,omitempty"`
	Fields []FieldDesc `json:"fields,omitempty"`
}

// FieldDesc is one struct field.
type FieldDesc struct {
	Name string    `json:"name"`
	Type *TypeDesc `json:"type"`
}

var basic = map[string]reflect.Type{
	"bool": reflect.TypeOf(false), "int": reflect.TypeOf(int(0)), "int8": reflect.TypeOf(int8(0)),
	"int16": reflect.TypeOf(int16(0)), "int32": reflect.TypeOf(int32(0)), "int64": reflect.TypeOf(int64(0)),
	"uint": reflect.TypeOf(uint(0)), "uint8": reflect.TypeOf(uint8(0)), "uint16": reflect.TypeOf(uint16(0)),
	"uint32": reflect.TypeOf(uint32(0)), "uint64": reflect.TypeOf(uint64(0)), "uintptr": reflect.TypeOf(uintptr(0)),
	"float32": reflect.TypeOf(float32(0)), "float64": reflect.TypeOf(float64(0)),
	"complex64": reflect.TypeOf(complex64(0)), "complex128": reflect.TypeOf(complex128(0)),
	"string": reflect.TypeOf(""), "bytes": reflect.TypeOf([]byte(nil)),
	"interface": reflect.TypeOf((*any)(nil)).Elem(),
}

// Build returns the Go type the description names.
func (d *TypeDesc) Build() (t reflect.Type, err error) {
	if d == nil {
		return nil, fmt.Errorf("missing type")
	}
	defer func() {
		if r := recover(); r != nil { // reflect panics on e.g. non-comparable map keys
			t, err = nil, fmt.Errorf("%v", r)
		}
	}()
	if b, ok := basic[d.Kind]; ok {
		return b, nil
	}
	switch d.Kind {
	case "slice", "array", "ptr":
		e, err := d.Elem.Build()
		if err != nil {
			return nil, err
		}
		switch d.Kind {
		case "slice":
			return reflect.SliceOf(e), nil
		case "array":
			return reflect.ArrayOf(d.Len, e), nil
		}
		return reflect.PointerTo(e), nil
	case "map":
		k, err := d.Key.Build()
		if err != nil {
			return nil, err
		}
		e, err := d.Elem.Build()
		if err != nil {
			return nil, err
		}
		return reflect.MapOf(k, e), nil
	case "struct":
		fields := make([]reflect.StructField, 0, len(d.Fields))
		for _, f := range d.Fields {
			ft, err := f.Type.Build()
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", f.Name, err)
			}
			fields = append(fields, reflect.StructField{Name: f.Name, Type: ft})
		}
		return reflect.StructOf(fields), nil
	}
	return nil, fmt.Errorf("unknown kind %q", d.Kind)
}
