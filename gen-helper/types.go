package main

// types.go walks go/types types the way encoding/gob sees them (gob type.go userType /
// validUserType, encode.go encOpFor, isSent): exported fields only, chan and func fields
// skipped, pointers flattened, GobEncoder before BinaryMarshaler (TextMarshaler ignored),
// time.Time as itself, []uint8 as bytes.

import (
	"fmt"
	"go/types"
	"sort"
)

// typeRef is one Go type in the model.
type typeRef struct {
	// K: a basic name (bool, int, …, string), bytes, iface, time, named, ptr, slice, array,
	// map, struct or unsupported.
	K      string   `json:"k"`
	Name   string   `json:"name,omitempty"` // iface and unsupported: the Go type string
	Ref    string   `json:"ref,omitempty"`  // named: key of the named entry
	Elem   *typeRef `json:"elem,omitempty"`
	Key    *typeRef `json:"key,omitempty"`
	Len    int64    `json:"len,omitempty"`
	Fields []field  `json:"fields,omitempty"`
}

type field struct {
	Name     string  `json:"name"`
	Type     typeRef `json:"type"`
	Embedded bool    `json:"embedded,omitempty"`
}

// named is a Go defined type: a struct, a named non-struct, a GobEncoder/BinaryMarshaler
// ("marshaler") or a non-empty interface.
type named struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	PkgPath string   `json:"pkgPath"` // "main" for package main, as reflect reports it
	Pkg     string   `json:"pkg"`
	Kind    string   `json:"kind"` // struct | named | marshaler | interface
	Fields  []field  `json:"fields,omitempty"`
	Base    *typeRef `json:"base,omitempty"`
	// Marshaler: "gob" or "binary"; PointerReceiver: only *T has the method and T is only
	// ever reached through a pointer (Go then announces two type ids; bytes only).
	Marshal string `json:"marshal,omitempty"`
	// Time: the marshal method is time.Time's, promoted from an embedded time.Time (as in
	// k8s.io/apimachinery's metav1.Time), so the bytes are a time.Time's.
	Time             bool      `json:"time,omitempty"`
	PointerReceiver  bool      `json:"pointerReceiver,omitempty"`
	UnderlyingFields []typeRef `json:"underlyingFields,omitempty"`
	GoType           string    `json:"goType"`

	ptrOnly bool
}

type walker struct {
	byKey    map[string]*named
	queue    []*types.Named
	valueUse map[string]bool
	notes    []string
}

func newWalker() *walker {
	return &walker{byKey: map[string]*named{}, valueUse: map[string]bool{}}
}

func (w *walker) note(format string, args ...any) {
	w.notes = append(w.notes, fmt.Sprintf(format, args...))
}

// root adds a selected type and returns its key.
func (w *walker) root(tn *types.TypeName) string {
	r := w.ref(tn.Type(), false)
	if r.K == "named" {
		return r.Ref
	}
	// time.Time, error: nothing to declare, but keep the selection visible.
	w.note("%s needs no declaration (it is gob.%s)", tn.Name(), r.K)
	return ""
}

func keyOf(obj *types.TypeName) string {
	return obj.Pkg().Path() + "." + obj.Name()
}

var errorType = types.Universe.Lookup("error").Type()

func (w *walker) ref(t types.Type, underPtr bool) typeRef {
	t = types.Unalias(t)
	switch t := t.(type) {
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil { // error
			return typeRef{K: "iface", Name: "error"}
		}
		if obj.Pkg().Path() == "time" && obj.Name() == "Time" {
			return typeRef{K: "time"}
		}
		if t.TypeArgs().Len() > 0 {
			w.note("generic type %s is not supported; declare it by hand", t)
			return typeRef{K: "unsupported", Name: t.String()}
		}
		key := keyOf(obj)
		if !underPtr {
			w.valueUse[key] = true
		}
		if _, ok := w.byKey[key]; !ok {
			w.byKey[key] = &named{Key: key, Name: obj.Name()}
			w.queue = append(w.queue, t)
		}
		return typeRef{K: "named", Ref: key}
	case *types.Basic:
		if n, ok := basicNames[t.Kind()]; ok {
			return typeRef{K: n}
		}
		return typeRef{K: "unsupported", Name: t.String()}
	case *types.Pointer:
		e := w.ref(t.Elem(), true)
		return typeRef{K: "ptr", Elem: &e}
	case *types.Slice:
		if b, ok := types.Unalias(t.Elem()).(*types.Basic); ok && b.Kind() == types.Uint8 {
			return typeRef{K: "bytes"}
		}
		e := w.ref(t.Elem(), false)
		return typeRef{K: "slice", Elem: &e}
	case *types.Array:
		e := w.ref(t.Elem(), false)
		return typeRef{K: "array", Len: t.Len(), Elem: &e}
	case *types.Map:
		k, e := w.ref(t.Key(), false), w.ref(t.Elem(), false)
		return typeRef{K: "map", Key: &k, Elem: &e}
	case *types.Struct:
		return typeRef{K: "struct", Fields: w.fields(t)}
	case *types.Interface:
		if t.NumMethods() == 0 {
			return typeRef{K: "iface", Name: "interface {}"}
		}
		return typeRef{K: "iface", Name: t.String()}
	}
	return typeRef{K: "unsupported", Name: t.String()}
}

var basicNames = map[types.BasicKind]string{
	types.Bool: "bool", types.Int: "int", types.Int8: "int8", types.Int16: "int16", types.Int32: "int32",
	types.Int64: "int64", types.Uint: "uint", types.Uint8: "uint8", types.Uint16: "uint16",
	types.Uint32: "uint32", types.Uint64: "uint64", types.Uintptr: "uintptr", types.Float32: "float32",
	types.Float64: "float64", types.Complex64: "complex64", types.Complex128: "complex128",
	types.String: "string",
}

// sent is gob's isSent: exported, and not a chan or func (after pointers).
func sent(f *types.Var) bool {
	if !f.Exported() {
		return false
	}
	t := f.Type().Underlying()
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem().Underlying()
	}
	switch t.(type) {
	case *types.Chan, *types.Signature:
		return false
	}
	return true
}

func (w *walker) fields(st *types.Struct) []field {
	out := []field{}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !sent(f) {
			continue
		}
		r := w.ref(f.Type(), false)
		out = append(out, field{Name: f.Name(), Type: r, Embedded: f.Embedded() && r.K == "named"})
	}
	return out
}

// marshaler reports GobEncoder / BinaryMarshaler on T or *T, whether only *T has it, and
// whether the method is time.Time's (promoted from an embedded time.Time).
func marshaler(t *types.Named) (kind string, ptrOnly, isTime bool) {
	for _, m := range []struct{ method, kind string }{{"GobEncode", "gob"}, {"MarshalBinary", "binary"}} {
		if fn := bytesMethod(types.NewMethodSet(t), m.method); fn != nil {
			return m.kind, false, isTimeMethod(fn)
		}
		if fn := bytesMethod(types.NewMethodSet(types.NewPointer(t)), m.method); fn != nil {
			return m.kind, true, isTimeMethod(fn)
		}
	}
	return "", false, false
}

// isTimeMethod: fn is declared on time.Time.
func isTimeMethod(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil || fn.Pkg() == nil || fn.Pkg().Path() != "time" {
		return false
	}
	n, ok := types.Unalias(stripPtr(recv.Type())).(*types.Named)
	return ok && n.Obj().Name() == "Time"
}

func bytesMethod(ms *types.MethodSet, name string) *types.Func {
	for i := 0; i < ms.Len(); i++ {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok || fn.Name() != name {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 2 {
			return nil
		}
		s, ok := sig.Results().At(0).Type().Underlying().(*types.Slice)
		if !ok {
			return nil
		}
		if b, ok := s.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 && types.Identical(sig.Results().At(1).Type(), errorType) {
			return fn
		}
		return nil
	}
	return nil
}

// drain fills every queued named entry.
func (w *walker) drain() {
	for len(w.queue) > 0 {
		t := w.queue[0]
		w.queue = w.queue[1:]
		obj := t.Obj()
		n := w.byKey[keyOf(obj)]
		n.Pkg = obj.Pkg().Name()
		n.PkgPath = obj.Pkg().Path()
		if n.Pkg == "main" {
			n.PkgPath = "main"
		}
		n.GoType = obj.Pkg().Name() + "." + obj.Name()
		if _, isIface := t.Underlying().(*types.Interface); isIface {
			n.Kind = "interface"
			continue
		}
		if kind, ptrOnly, isTime := marshaler(t); kind != "" {
			n.Kind, n.Marshal, n.ptrOnly, n.Time = "marshaler", kind, ptrOnly, isTime
			if st, ok := t.Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					if f := st.Field(i); sent(f) {
						n.UnderlyingFields = append(n.UnderlyingFields, w.ref(f.Type(), false))
					}
				}
			}
			continue
		}
		if st, ok := t.Underlying().(*types.Struct); ok {
			n.Kind = "struct"
			n.Fields = w.fields(st)
			continue
		}
		n.Kind = "named"
		b := w.ref(t.Underlying(), false)
		n.Base = &b
	}
}

// bad names the part of r that gob cannot send (a chan, func, generic, unsafe pointer, or a
// named type made of one), or returns "".
func (w *walker) bad(r typeRef) string {
	switch r.K {
	case "unsupported":
		return r.Name
	case "named":
		if n := w.byKey[r.Ref]; n != nil && n.Kind == "unsupported" {
			return n.GoType
		}
	}
	for _, s := range []*typeRef{r.Elem, r.Key} {
		if s != nil {
			if b := w.bad(*s); b != "" {
				return b
			}
		}
	}
	for _, f := range r.Fields {
		if b := w.bad(f.Type); b != "" {
			return b
		}
	}
	return ""
}

// prune drops what gob cannot send, with a note each: named types built on such a type
// (transitively), struct fields, marshaler field definitions, rpc methods and registrations.
func (w *walker) prune(m *model) {
	w.drain()
	for changed := true; changed; {
		changed = false
		for _, n := range w.byKey {
			if n.Kind == "named" && n.Base != nil {
				if b := w.bad(*n.Base); b != "" {
					w.note("type %s: %s cannot travel in gob; not declared", n.GoType, b)
					n.Kind, n.Base, changed = "unsupported", nil, true
				}
			}
		}
	}
	for _, n := range w.byKey {
		kept := n.Fields[:0]
		for _, f := range n.Fields {
			if b := w.bad(f.Type); b != "" {
				w.note("%s.%s: %s cannot travel in gob (Go's encoder rejects it); field left out", n.GoType, f.Name, b)
				continue
			}
			kept = append(kept, f)
		}
		n.Fields = kept
		under := n.UnderlyingFields[:0]
		for _, u := range n.UnderlyingFields {
			if w.bad(u) == "" {
				under = append(under, u)
			}
		}
		n.UnderlyingFields = under
	}
	for i := range m.Services {
		s := &m.Services[i]
		kept := s.Methods[:0]
		for _, mt := range s.Methods {
			if b := w.bad(mt.Args) + w.bad(mt.Reply); b != "" {
				w.note("%s.%s: %s cannot travel in gob; method left out", s.GoType, mt.Name, b)
				continue
			}
			kept = append(kept, mt)
		}
		s.Methods = kept
	}
	svcs := m.Services[:0]
	for _, s := range m.Services {
		if len(s.Methods) == 0 {
			w.note("service %s: no method left that gob can carry; not declared", s.Name)
			continue
		}
		svcs = append(svcs, s)
	}
	m.Services = svcs
	regs := m.Registrations[:0]
	for _, r := range m.Registrations {
		if b := w.bad(r.Type); b != "" {
			w.note("registration at %s: %s cannot travel in gob; left out", r.Pos, b)
			continue
		}
		regs = append(regs, r)
	}
	m.Registrations = regs
}

// all returns every named entry sorted by key.
func (w *walker) all() []*named {
	w.drain()
	out := make([]*named, 0, len(w.byKey))
	for _, n := range w.byKey {
		if n.Kind == "unsupported" {
			continue
		}
		n.PointerReceiver = n.Kind == "marshaler" && n.ptrOnly && !w.valueUse[n.Key]
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
