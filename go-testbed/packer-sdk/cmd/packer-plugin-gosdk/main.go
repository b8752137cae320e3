// packer-plugin-gosdk is a multi-component Packer plugin built against the current
// github.com/hashicorp/packer-plugin-sdk (ugorji 1.2, 4-field handshake, `describe` /
// `start builder hello`), for the TS host tests. Its builder echoes the config's greeting.
package main

import (
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

func main() {
	set := plugin.NewSet()
	set.RegisterBuilder("hello", &builder{})
	if err := set.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err.Error())
		os.Exit(1)
	}
}
