// packer-ds-host drives one Packer datasource the way Packer ≥ 1.7 does, with the
// packer-plugin-sdk rpc client (gob-encoded specs and values, no protobuf): it starts
// `PLUGIN… start datasource NAME` with Packer's cookie, reads the handshake line, dials the
// unix socket, then calls ConfigSpec, Configure (the config as a cty value, which the SDK
// sends as cty JSON), OutputSpec and Execute. It prints one JSON line:
//
//	{"config_type": T, "output_type": T, "configure_error": S, "value": V, "value_type": T, "execute_error": S}
//
// T is a cty type in cty's JSON type syntax, V the value in cty JSON.
//
// Usage: packer-ds-host -name NAME -config '{"k":"v"}' -- PLUGIN [ARGS…]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"

	"github.com/hashicorp/hcl/v2/hcldec"
	"github.com/hashicorp/packer-plugin-sdk/rpc"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

const cookieKey = "PACKER_PLUGIN_MAGIC_COOKIE"
const cookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "packer-ds-host: "+format+"\n", args...)
	os.Exit(2)
}

func typeJSON(t cty.Type) json.RawMessage {
	b, err := ctyjson.MarshalType(t)
	if err != nil {
		fail("marshal type: %v", err)
	}
	return b
}

func main() {
	name := flag.String("name", "", "datasource name")
	config := flag.String("config", "{}", "the datasource block as JSON (attribute values)")
	flag.Parse()
	if flag.NArg() == 0 || *name == "" {
		fail("usage: packer-ds-host -name NAME -config JSON -- PLUGIN [ARGS…]")
	}
	args := append(flag.Args()[1:], "start", "datasource", *name)
	cmd := exec.Command(flag.Arg(0), args...)
	cmd.Env = append(os.Environ(), cookieKey+"="+cookieValue)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fail("%v", err)
	}
	if err := cmd.Start(); err != nil {
		fail("start: %v", err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		fail("handshake: %v", err)
	}
	parts := strings.Split(strings.TrimSpace(line), "|")
	if len(parts) != 4 || parts[0] != "5" || parts[2] != "unix" {
		fail("unexpected handshake %q", line)
	}
	conn, err := net.Dial("unix", parts[3])
	if err != nil {
		fail("dial: %v", err)
	}
	client, err := rpc.NewClient(conn)
	if err != nil {
		fail("rpc client: %v", err)
	}
	defer client.Close()
	ds := client.Datasource()

	out := map[string]interface{}{}
	configType := hcldec.ImpliedType(ds.ConfigSpec())
	out["config_type"] = typeJSON(configType)
	cfg, err := ctyjson.Unmarshal([]byte(*config), configType)
	if err != nil {
		fail("config does not match the ConfigSpec: %v", err)
	}
	if err := ds.Configure(cfg); err != nil {
		out["configure_error"] = err.Error()
	}
	out["output_type"] = typeJSON(hcldec.ImpliedType(ds.OutputSpec()))
	v, err := ds.Execute()
	if err != nil {
		out["execute_error"] = err.Error()
	}
	if v != cty.NilVal {
		b, err := ctyjson.Marshal(v, v.Type())
		if err != nil {
			fail("marshal value: %v", err)
		}
		out["value"] = json.RawMessage(b)
		out["value_type"] = typeJSON(v.Type())
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
