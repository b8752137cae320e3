// packer-builder-go2015 is a legacy third-party Packer builder built against
// github.com/hashicorp/packer v1.6.6 (so its RPC speaks the 2015 ugorji msgpack dialect), for
// the TS host tests: Prepare echoes the config's "greeting" into a warning (and fails when
// "fail" is true), Run says the greeting on the Ui, runs the provision hook with generated data,
// and returns an artifact whose id is "go2015-" + greeting.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2/hcldec"
	packersdk "github.com/hashicorp/packer/packer-plugin-sdk/packer"
	"github.com/hashicorp/packer/packer-plugin-sdk/plugin"
	"github.com/zclconf/go-cty/cty"
)

type builder struct{ greeting string }

func (b *builder) ConfigSpec() hcldec.ObjectSpec {
	return hcldec.ObjectSpec{"greeting": &hcldec.AttrSpec{Name: "greeting", Type: cty.String}}
}

func (b *builder) Prepare(raws ...interface{}) ([]string, []string, error) {
	for _, r := range raws {
		// The 2015 ugorji decodes naked maps as map[interface{}]interface{} (mapstructure, which
		// real plugins use, accepts both).
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
			return nil, nil, errors.New("go2015: fail was set")
		}
	}
	return []string{"Greeting"}, []string{"greeting is " + b.greeting}, nil
}

func (b *builder) Run(ctx context.Context, ui packersdk.Ui, hook packersdk.Hook) (packersdk.Artifact, error) {
	ui.Say("go2015 says " + b.greeting)
	if err := hook.Run(ctx, packersdk.HookProvision, ui, nil, map[string]interface{}{"Greeting": b.greeting, "Count": 3}); err != nil {
		return nil, err
	}
	return &artifact{id: "go2015-" + b.greeting}, nil
}

type artifact struct{ id string }

func (a *artifact) BuilderId() string { return "go-netrpc.go2015" }
func (a *artifact) Files() []string   { return []string{"/tmp/a", "/tmp/b"} }
func (a *artifact) Id() string        { return a.id }
func (a *artifact) String() string    { return "go2015 artifact " + a.id }
func (a *artifact) State(name string) interface{} {
	if name == "generated_data" {
		return map[string]interface{}{"Greeting": "state"}
	}
	return nil
}
func (a *artifact) Destroy() error { return nil }

func main() {
	server, err := plugin.Server()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := server.RegisterBuilder(&builder{}); err != nil {
		panic(err)
	}
	server.Serve()
}
