package main

// scan.go finds net/rpc methods (net/rpc server.go Register / suitableMethods) and the static
// gob.Register / gob.RegisterName calls of the loaded packages (gob type.go Register).

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/packages"
)

type service struct {
	Name    string   `json:"name"`
	GoType  string   `json:"goType"`
	Methods []method `json:"methods"`
}

type method struct {
	Name  string  `json:"name"`
	Args  typeRef `json:"args"`
	Reply typeRef `json:"reply"`
}

type registration struct {
	// Name: RegisterName's constant name; empty for Register (the TypeScript side applies
	// Register's default-name rule: Registry.registerType).
	Name string  `json:"name,omitempty"`
	Type typeRef `json:"type"`
	Pos  string  `json:"pos"`
}

// exportedOrBuiltin is net/rpc's isExportedOrBuiltinType.
func exportedOrBuiltin(t types.Type) bool {
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Pkg() == nil || n.Obj().Exported()
	}
	return true
}

func stripPtr(t types.Type) types.Type {
	for {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return t
		}
		t = p.Elem()
	}
}

// service: the methods of a net/rpc receiver (the method set of *T, as Register(new(T))
// sees it) or of a Go interface, that net/rpc accepts; only the methods named in `only` when
// it is not empty (each must exist and be a net/rpc method).
func (w *walker) service(tn *types.TypeName, name string, only []string) (service, error) {
	want := map[string]bool{}
	for _, m := range only {
		want[m] = false
	}
	if name == "" {
		name = tn.Name()
		if !token.IsExported(name) {
			return service{}, fmt.Errorf("rpc.Register: type %s is not exported (give it a name: %s=Name)", name, name)
		}
	}
	var ms *types.MethodSet
	if _, ok := tn.Type().Underlying().(*types.Interface); ok {
		ms = types.NewMethodSet(tn.Type())
	} else {
		ms = types.NewMethodSet(types.NewPointer(tn.Type()))
	}
	svc := service{Name: name, GoType: tn.Pkg().Name() + "." + tn.Name(), Methods: []method{}}
	for i := 0; i < ms.Len(); i++ {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		if _, picked := want[fn.Name()]; len(only) > 0 && !picked {
			continue
		}
		sig := fn.Type().(*types.Signature)
		why := ""
		switch {
		case sig.Params().Len() != 2:
			why = fmt.Sprintf("has %d arguments, needs 2", sig.Params().Len())
		case !exportedOrBuiltin(sig.Params().At(0).Type()):
			why = "argument type not exported"
		case !isPointer(sig.Params().At(1).Type()):
			why = "reply type not a pointer"
		case !exportedOrBuiltin(sig.Params().At(1).Type()):
			why = "reply type not exported"
		case sig.Results().Len() != 1:
			why = "does not return exactly one value"
		case !types.Identical(sig.Results().At(0).Type(), errorType):
			why = "does not return error"
		}
		if why != "" {
			if len(only) > 0 {
				return service{}, fmt.Errorf("%s.%s is not an rpc method: %s", svc.GoType, fn.Name(), why)
			}
			w.note("%s.%s is not an rpc method: %s", svc.GoType, fn.Name(), why)
			continue
		}
		want[fn.Name()] = true
		args := w.ref(stripPtr(sig.Params().At(0).Type()), false)
		reply := w.ref(stripPtr(sig.Params().At(1).Type()), false)
		svc.Methods = append(svc.Methods, method{Name: fn.Name(), Args: args, Reply: reply})
	}
	var missing []string
	for _, m := range only {
		if !want[m] {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		return service{}, fmt.Errorf("%s has no exported method %s", svc.GoType, strings.Join(missing, ", "))
	}
	if len(svc.Methods) == 0 {
		return service{}, fmt.Errorf("rpc.Register: type %s has no exported methods of suitable type", svc.GoType)
	}
	return svc, nil
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

// registrations: calls of encoding/gob's Register and RegisterName whose value has a
// concrete static type (an interface-typed argument is reported, not guessed).
func (w *walker) registrations(p *packages.Package) []registration {
	out := []registration{}
	for _, file := range p.Syntax {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var id *ast.Ident
			switch f := call.Fun.(type) {
			case *ast.SelectorExpr:
				id = f.Sel
			case *ast.Ident:
				id = f
			default:
				return true
			}
			fn, ok := p.TypesInfo.Uses[id].(*types.Func)
			if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/gob" || fn.Type().(*types.Signature).Recv() != nil {
				return true
			}
			if fn.Name() != "Register" && fn.Name() != "RegisterName" {
				return true
			}
			pos := p.Fset.Position(call.Pos())
			where := fmt.Sprintf("%s:%d", shortFile(pos.Filename), pos.Line)
			arg := call.Args[len(call.Args)-1]
			t := p.TypesInfo.TypeOf(arg)
			if t == nil || types.IsInterface(t) {
				w.note("gob.%s at %s: the value's type is only known at run time; add it with --register", fn.Name(), where)
				return true
			}
			r := registration{Type: w.ref(t, false), Pos: where}
			if fn.Name() == "RegisterName" {
				tv := p.TypesInfo.Types[call.Args[0]]
				if tv.Value == nil || tv.Value.Kind() != constant.String {
					w.note("gob.RegisterName at %s: the name is not a constant; add it with --register", where)
					return true
				}
				r.Name = constant.StringVal(tv.Value)
			}
			out = append(out, r)
			return true
		})
	}
	return out
}

func shortFile(f string) string {
	if i := strings.LastIndex(f, "/"); i >= 0 {
		return f[i+1:]
	}
	return f
}

// extraRegistration evaluates "[NAME=]TYPE" (a Go type expression) in the scope of the
// first loaded package's files.
func (w *walker) extraRegistration(p *packages.Package, spec string) (registration, error) {
	name, expr := "", spec
	if i := strings.Index(spec, "="); i >= 0 {
		name, expr = spec[:i], spec[i+1:]
	}
	var lastErr error
	for _, file := range p.Syntax {
		tv, err := types.Eval(p.Fset, p.Types, file.End()-1, expr)
		if err != nil {
			lastErr = err
			continue
		}
		if !tv.IsType() {
			return registration{}, fmt.Errorf("--register %s: %s is not a type", spec, expr)
		}
		return registration{Name: name, Type: w.ref(tv.Type, false), Pos: "--register"}, nil
	}
	return registration{}, fmt.Errorf("--register %s: %v", spec, lastErr)
}
