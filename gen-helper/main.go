// Command gen-helper is the Go half of `go-netrpc gen`: it loads Go packages with the real
// toolchain (golang.org/x/tools/go/packages + go/types), resolves the requested selectors
// (named types, Go interfaces, net/rpc receiver types), and prints a JSON model of every Go
// type gob would send for them, the net/rpc methods (picked by net/rpc's own rules,
// net/rpc server.go suitableMethods) and the package's static gob.Register/RegisterName
// calls. The TypeScript half (src/gen) turns the model into a TypeScript module.
//
// Input: one JSON request on stdin (see request). Output: one JSON model on stdout; errors go
// to stderr with exit status 1.
package main

import (
	"encoding/json"
	"fmt"
	"go/types"
	"os"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// request is what src/gen sends.
type request struct {
	Dir      string   `json:"dir"`
	Patterns []string `json:"patterns"`
	Types    []string `json:"types"`    // named types (structs, named, interfaces)
	Services []string `json:"services"` // net/rpc receiver types or Go interfaces: "Sel[=Name][:Method,…]"
	Register []string `json:"register"` // extra registrations: "[NAME=]TYPE"
	Tags     string   `json:"tags"`
}

type model struct {
	GoVersion     string         `json:"goVersion"`
	Packages      []pkgInfo      `json:"packages"`
	Named         []*named       `json:"named"`
	Roots         []string       `json:"roots"`
	Services      []service      `json:"services"`
	Registrations []registration `json:"registrations"`
	Notes         []string       `json:"notes"`
}

type pkgInfo struct {
	Path string `json:"path"`
	Name string `json:"name"`
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fail("bad request: %v", err)
	}
	m, err := run(req)
	if err != nil {
		fail("%v", err)
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", " ")
	if err := out.Encode(m); err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func run(req request) (*model, error) {
	if len(req.Patterns) == 0 {
		req.Patterns = []string{"."}
	}
	cfg := &packages.Config{
		// Dependencies come from export data (the go build cache), only the matched packages
		// are parsed and type-checked from source.
		Mode:  packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:   req.Dir,
		Tests: false,
	}
	if req.Tags != "" {
		cfg.BuildFlags = []string{"-tags=" + req.Tags}
	}
	pkgs, err := packages.Load(cfg, req.Patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %v", strings.Join(req.Patterns, " "), err)
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		if len(errs) > 10 {
			errs = append(errs[:10], fmt.Sprintf("… and %d more", len(errs)-10))
		}
		return nil, fmt.Errorf("the Go packages do not type-check:\n%s", strings.Join(errs, "\n"))
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no Go packages match %s", strings.Join(req.Patterns, " "))
	}
	w := newWalker()
	m := &model{GoVersion: runtime.Version(), Named: []*named{}, Roots: []string{}, Services: []service{}, Registrations: []registration{}, Notes: []string{}}
	for _, p := range pkgs {
		m.Packages = append(m.Packages, pkgInfo{Path: p.PkgPath, Name: p.Name})
	}
	for _, sel := range req.Types {
		obj, err := lookup(pkgs, sel)
		if err != nil {
			return nil, err
		}
		key := w.root(obj)
		m.Roots = append(m.Roots, key)
	}
	for _, spec := range req.Services {
		sel, name, only := parseServiceSpec(spec)
		obj, err := lookup(pkgs, sel)
		if err != nil {
			return nil, err
		}
		svc, err := w.service(obj, name, only)
		if err != nil {
			return nil, err
		}
		m.Services = append(m.Services, svc)
	}
	for _, p := range pkgs {
		m.Registrations = append(m.Registrations, w.registrations(p)...)
	}
	for _, spec := range req.Register {
		r, err := w.extraRegistration(pkgs[0], spec)
		if err != nil {
			return nil, err
		}
		m.Registrations = append(m.Registrations, r)
	}
	w.prune(m)
	m.Named = w.all()
	m.Notes = append(m.Notes, w.notes...)
	sort.Strings(m.Notes)
	return m, nil
}

// parseServiceSpec splits "Sel[=Name][:Method,Method…]" (import paths never hold ':').
func parseServiceSpec(spec string) (sel, name string, only []string) {
	sel = spec
	if i := strings.LastIndex(sel, ":"); i >= 0 {
		for _, m := range strings.Split(sel[i+1:], ",") {
			if m = strings.TrimSpace(m); m != "" {
				only = append(only, m)
			}
		}
		sel = sel[:i]
	}
	if i := strings.LastIndex(sel, "="); i >= 0 {
		sel, name = sel[:i], sel[i+1:]
	}
	return sel, name, only
}

// lookup resolves "Name" (searched in every loaded package) or "import/path.Name".
func lookup(pkgs []*packages.Package, sel string) (*types.TypeName, error) {
	path, name := "", sel
	if i := strings.LastIndex(sel, "."); i >= 0 {
		path, name = sel[:i], sel[i+1:]
	}
	var found []*types.TypeName
	for _, p := range pkgs {
		if path != "" && p.PkgPath != path && p.Name != path {
			continue
		}
		if tn, ok := p.Types.Scope().Lookup(name).(*types.TypeName); ok {
			found = append(found, tn)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no type %s in the loaded packages", sel)
	case 1:
		return found[0], nil
	default:
		return nil, fmt.Errorf("type %s is ambiguous (found in %s and %s); qualify it with its import path", sel, found[0].Pkg().Path(), found[1].Pkg().Path())
	}
}
