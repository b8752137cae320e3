// faulthost is a real hashicorp/go-plugin v1.8.0 netrpc host (plugin.NewClient) that provokes
// the faults `go-netrpc trace` must make readable, against a plugin implementing the pluginshared
// contract (cmd/plugingo). It prints one JSON object with what go-plugin reported on stdout.
//
// Usage: faulthost -scenario broker-noaccept|hclog|reply-mismatch -- <plugin command and args>
//
//	broker-noaccept  both MuxBroker directions dial an id nobody accepts, at the same time:
//	                 the plugin's GreetWithCallback dials a host id the host never Accepts, and the
//	                 host dials an id the plugin never Accepts. go-plugin's mux_broker.go closes
//	                 each such stream after 5 s (timeoutWait), so each Dial fails. Then one Greet
//	                 shows the session still works.
//	hclog            Print("hello from faulthost") makes the plugin log through hclog (JSON on
//	                 its stderr); the plugin's own startup lines are hclog JSON too.
//	reply-mismatch   a reply the host cannot decode (an int where the host expects a string, as
//	                 with a plugin built against another version of the interface): net/rpc's
//	                 client fails that call ("reading body gob: …") and shuts down, so the next
//	                 call on the same client fails without being sent.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/go-netrpc/go-testbed/internal/pluginshared"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

var (
	scenario = flag.String("scenario", "broker-noaccept", "scenario")
	out      = map[string]interface{}{}
	outMu    sync.Mutex
)

func set(k string, v interface{}) { outMu.Lock(); out[k] = v; outMu.Unlock() }

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func emit() {
	b, _ := json.Marshal(out)
	os.Stdout.Write(append(b, '\n'))
}

func main() {
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: faulthost -scenario NAME -- PLUGIN [ARGS]")
		os.Exit(2)
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig:  pluginshared.Handshake,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolNetRPC},
		Plugins:          plugin.PluginSet{"testbed": &pluginshared.TestbedPlugin{}},
		Cmd:              exec.Command(args[0], args[1:]...),
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Trace, Output: os.Stderr, JSONFormat: true}),
	})
	defer client.Kill()
	rpcClient, err := client.Client()
	if err != nil {
		out["startError"] = err.Error()
		emit()
		return
	}
	raw, err := rpcClient.Dispense("testbed")
	if err != nil {
		out["dispenseError"] = err.Error()
		emit()
		return
	}
	c := raw.(*pluginshared.Client)
	switch *scenario {
	case "broker-noaccept":
		brokerNoAccept(c)
	case "hclog":
		var s string
		out["printErr"] = errString(c.Call("Print", "hello from faulthost", &s))
		time.Sleep(500 * time.Millisecond) // the plugin's stderr reaches the host after the reply
	case "reply-mismatch":
		var s string
		out["versionErr"] = errString(c.Call("Version", "", &s))
		out["greetErr"] = errString(c.Call("Greet", "after", &s))
	default:
		fmt.Fprintln(os.Stderr, "unknown scenario")
		os.Exit(2)
	}
	client.Kill()
	out["exited"] = client.Exited()
	emit()
}

func brokerNoAccept(c *pluginshared.Client) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // plugin → host: the host hands out an id and never calls Accept on it
		defer wg.Done()
		id := c.Broker.NextId()
		set("callbackId", id)
		var s string
		start := time.Now()
		err := c.Call("GreetWithCallback", id, &s)
		set("callbackErr", errString(err))
		set("callbackWaitedS", int(time.Since(start).Round(time.Second).Seconds()))
	}()
	var adderID uint32
	set("offerErr", errString(c.Call("OfferAdder", "", &adderID)))
	go func() { // host → plugin: the plugin accepts adderID; the host dials another id
		defer wg.Done()
		id := adderID + 100
		set("dialId", id)
		start := time.Now()
		_, err := c.Broker.Dial(id)
		set("dialErr", errString(err))
		set("dialWaitedS", int(time.Since(start).Round(time.Second).Seconds()))
	}()
	wg.Wait()
	var s string
	set("greetErr", errString(c.Call("Greet", "after", &s)))
	set("greet", s)
}
