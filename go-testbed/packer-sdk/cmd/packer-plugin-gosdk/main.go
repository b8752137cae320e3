// packer-plugin-gosdk is a multi-component Packer plugin built against the current
// github.com/hashicorp/packer-plugin-sdk (ugorji 1.2, 4-field handshake, `describe` /
// `start builder hello`), for the TS host tests. Its builder echoes the config's greeting; its
// provisioner `upload` uploads `upload_bytes` bytes through the host's Communicator (the Go side
// of the 64 MiB upload in `npm run bench:packer`); its datasource `echo` returns an object
// built from `name` (for the TS host's DatasourceClient).
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2/hcldec"
	packersdk "github.com/hashicorp/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer-plugin-sdk/plugin"
	"github.com/zclconf/go-cty/cty"
)

type builder struct{ greeting string }

func (b *builder) ConfigSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{"greeting": &hcldec.AttrSpec{Name: "greeting", Type: cty.String}}
}

func (b *builder) Prepare(raws ...interface{}) ([]string, []string, error) {
	for _, r := range raws {
		// ugorji decodes naked maps as map[interface{}]interface{} (mapstructure, which real
		// plugins use, accepts both).
		m := map[string]interface{}{}
		switch t := r.(type) {
		case map[string]interface{}:
			m = t
		case map[interface{}]interface{}:
			for k, v := range t {
				m[fmt.Sprint(k)] = v
			}
		default:
			continue
		}
		if g, ok := m["greeting"].(string); ok {
			b.greeting = g
		}
		if f, ok := m["fail"].(bool); ok && f {
			return nil, nil, errors.New("gosdk: fail was set")
		}
	}
	return []string{"Greeting"}, []string{"greeting is " + b.greeting}, nil
}

func (b *builder) Run(ctx context.Context, ui packersdk.Ui, hook packersdk.Hook) (packersdk.Artifact, error) {
	ui.Say("gosdk says " + b.greeting)
	if err := hook.Run(ctx, packersdk.HookProvision, ui, nil, map[string]interface{}{"Greeting": b.greeting}); err != nil {
		return nil, err
	}
	return &artifact{id: "gosdk-" + b.greeting}, nil
}

type artifact struct{ id string }

func (a *artifact) BuilderId() string             { return "go-netrpc.gosdk" }
func (a *artifact) Files() []string               { return nil }
func (a *artifact) Id() string                    { return a.id }
func (a *artifact) String() string                { return "gosdk artifact " + a.id }
func (a *artifact) State(name string) interface{} { return nil }
func (a *artifact) Destroy() error                { return nil }

type uploadProvisioner struct{ data []byte }

func (p *uploadProvisioner) ConfigSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{"upload_bytes": &hcldec.AttrSpec{Name: "upload_bytes", Type: cty.Number}}
}

func (p *uploadProvisioner) Prepare(raws ...interface{}) error {
	for _, r := range raws {
		var v interface{}
		switch t := r.(type) {
		case map[string]interface{}:
			v = t["upload_bytes"]
		case map[interface{}]interface{}:
			v = t["upload_bytes"]
		}
		var n int64
		switch x := v.(type) {
		case int64:
			n = x
		case uint64:
			n = int64(x)
		case float64:
			n = int64(x)
		default:
			continue
		}
		p.data = make([]byte, n)
		for i := range p.data {
			p.data[i] = byte(i)
		}
	}
	return nil
}

func (p *uploadProvisioner) Provision(ctx context.Context, ui packersdk.Ui, comm packersdk.Communicator, data map[string]interface{}) error {
	return comm.Upload("/bench/upload", bytes.NewReader(p.data), nil)
}

type echoDatasource struct{ name string }

func (d *echoDatasource) ConfigSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{"name": &hcldec.AttrSpec{Name: "name", Type: cty.String, Required: true}}
}

func (d *echoDatasource) Configure(raws ...interface{}) error {
	for _, r := range raws {
		switch t := r.(type) {
		case cty.Value: // an HCL2 config (cty JSON on the wire)
			if n := t.GetAttr("name"); n.Type() == cty.String && !n.IsNull() {
				d.name = n.AsString()
			}
		case map[string]interface{}:
			if n, ok := t["name"].(string); ok {
				d.name = n
			}
		case map[interface{}]interface{}:
			if n, ok := t["name"].(string); ok {
				d.name = n
			}
		}
	}
	if d.name == "bad" {
		return errors.New("gosdk: name must not be bad")
	}
	return nil
}

func (d *echoDatasource) OutputSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{
		"greeting": &hcldec.AttrSpec{Name: "greeting", Type: cty.String},
		"length":   &hcldec.AttrSpec{Name: "length", Type: cty.Number},
		"big":      &hcldec.AttrSpec{Name: "big", Type: cty.Number},
		"half":     &hcldec.AttrSpec{Name: "half", Type: cty.Number},
		"ok":       &hcldec.AttrSpec{Name: "ok", Type: cty.Bool},
		"letters":  &hcldec.AttrSpec{Name: "letters", Type: cty.List(cty.String)},
		"meta":     &hcldec.AttrSpec{Name: "meta", Type: cty.Map(cty.Number)},
		"nested":   &hcldec.AttrSpec{Name: "nested", Type: cty.Object(map[string]cty.Type{"pair": cty.Tuple([]cty.Type{cty.String, cty.Bool})})},
		"missing":  &hcldec.AttrSpec{Name: "missing", Type: cty.String},
	}
}

func (d *echoDatasource) Execute() (cty.Value, error) {
	if d.name == "fail" {
		return cty.NullVal(cty.DynamicPseudoType), errors.New("gosdk: execute failed on purpose")
	}
	letters := []cty.Value{}
	for _, r := range d.name {
		letters = append(letters, cty.StringVal(string(r)))
	}
	return cty.ObjectVal(map[string]cty.Value{
		"greeting": cty.StringVal("hello " + d.name),
		"length":   cty.NumberIntVal(int64(len(d.name))),
		"big":      cty.NumberIntVal(1<<62 + 1),
		"half":     cty.NumberFloatVal(-0.5),
		"ok":       cty.True,
		"letters":  cty.ListVal(letters),
		"meta":     cty.MapVal(map[string]cty.Value{"pi": cty.NumberFloatVal(3.25)}),
		"nested":   cty.ObjectVal(map[string]cty.Value{"pair": cty.TupleVal([]cty.Value{cty.StringVal("x"), cty.False})}),
		"missing":  cty.NullVal(cty.String),
	}), nil
}

func main() {
	set := plugin.NewSet()
	set.RegisterBuilder("hello", &builder{})
	set.RegisterProvisioner("upload", &uploadProvisioner{})
	set.RegisterDatasource("echo", &echoDatasource{})
	if err := set.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
