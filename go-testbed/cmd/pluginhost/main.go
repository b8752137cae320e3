// pluginhost is go-netrpc's Go test host: a real hashicorp/go-plugin netrpc host (plugin.NewClient)
// driving a plugin that implements the pluginshared contract (the Go plugingo or a TypeScript
// plugin). It prints one JSON object with the observations of the chosen scenario on stdout.
//
// Usage: pluginhost [-scenario basic|stdio|kill|crash|bench|hold|reattach] [-automtls]
//
//	[-versions 1,2] [-n calls] [-reattach unix:/path -pid N] [-tls cert,key,ca] -- <plugin command and args>
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/rpc"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-netrpc/go-testbed/internal/pluginshared"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}
func (b *syncBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

var (
	scenario = flag.String("scenario", "basic", "scenario")
	autoMTLS = flag.Bool("automtls", false, "use AutoMTLS")
	versions = flag.String("versions", "1", "app protocol versions")
	calls    = flag.Int("n", 2000, "calls for bench")
	reattach = flag.String("reattach", "", "network:address of a running plugin")
	pid      = flag.Int("pid", 0, "pid of a running plugin")
	userTLS  = flag.String("tls", "", "cert,key,ca PEM files for ClientConfig.TLSConfig")
	hostLog  = &syncBuffer{}
	out      = map[string]interface{}{}
)

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

func pluginSets() map[int]plugin.PluginSet {
	sets := map[int]plugin.PluginSet{}
	for _, v := range strings.Split(*versions, ",") {
		n, _ := strconv.Atoi(v)
		sets[n] = plugin.PluginSet{"testbed": &pluginshared.TestbedPlugin{}, "missing": &pluginshared.TestbedPlugin{}}
	}
	return sets
}

func newClient(cfg *plugin.ClientConfig) *plugin.Client {
	cfg.HandshakeConfig = pluginshared.Handshake
	cfg.AllowedProtocols = []plugin.Protocol{plugin.ProtocolNetRPC}
	if cfg.Logger == nil {
		cfg.Logger = hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Trace, Output: hclog.DefaultOutput, JSONFormat: true})
	}
	if *reattach != "" {
		parts := strings.SplitN(*reattach, ":", 2)
		var addr net.Addr
		if parts[0] == "unix" {
			addr, _ = net.ResolveUnixAddr("unix", parts[1])
		} else {
			addr, _ = net.ResolveTCPAddr("tcp", parts[1])
		}
		cfg.Reattach = &plugin.ReattachConfig{Protocol: plugin.ProtocolNetRPC, Addr: addr, Pid: *pid}
		cfg.Plugins = plugin.PluginSet{"testbed": &pluginshared.TestbedPlugin{}}
	} else {
		args := flag.Args()
		cfg.Cmd = exec.Command(args[0], args[1:]...)
		cfg.VersionedPlugins = pluginSets()
		cfg.AutoMTLS = *autoMTLS
	}
	if *userTLS != "" {
		files := strings.Split(*userTLS, ",")
		pair, err := tls.LoadX509KeyPair(files[0], files[1])
		if err != nil {
			panic(err)
		}
		caPEM, err := os.ReadFile(files[2])
		if err != nil {
			panic(err)
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(caPEM)
		cfg.TLSConfig = &tls.Config{Certificates: []tls.Certificate{pair}, RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12}
	}
	return plugin.NewClient(cfg)
}

func dispense(client *plugin.Client) (*pluginshared.Client, error) {
	rpcClient, err := client.Client()
	if err != nil {
		return nil, err
	}
	raw, err := rpcClient.Dispense("testbed")
	if err != nil {
		return nil, err
	}
	return raw.(*pluginshared.Client), nil
}

// dispenseOrReport dispenses the testbed plugin; on failure it records startError, emits
// and returns false.
func dispenseOrReport(client *plugin.Client) (*pluginshared.Client, bool) {
	c, err := dispense(client)
	if err != nil {
		out["startError"] = err.Error()
		emit()
		return nil, false
	}
	return c, true
}

func main() {
	flag.Parse()
	switch *scenario {
	case "basic":
		basic()
	case "stdio":
		stdio()
	case "kill":
		kill()
	case "crash":
		crash()
	case "bench":
		bench()
	case "hold":
		hold()
	case "reattach":
		basic()
	default:
		fmt.Fprintln(os.Stderr, "unknown scenario")
		os.Exit(2)
	}
}

func basic() {
	client := newClient(&plugin.ClientConfig{})
	defer client.Kill()
	rpcClient, err := client.Client()
	if err != nil {
		out["startError"] = err.Error()
		emit()
		return
	}
	out["ping"] = errString(rpcClient.Ping())
	out["negotiatedVersion"] = client.NegotiatedVersion()
	c, err := dispense(client)
	if err != nil {
		out["dispenseError"] = err.Error()
		emit()
		return
	}
	var s string
	out["greetErr"] = errString(c.Call("Greet", "go-host", &s))
	out["greet"] = s

	id := c.Broker.NextId()
	go c.Broker.AcceptAndServe(id, &pluginshared.NameServer{Value: "go-host"})
	s = ""
	out["callbackErr"] = errString(c.Call("GreetWithCallback", id, &s))
	out["callback"] = s

	var adderID uint32
	out["offerErr"] = errString(c.Call("OfferAdder", "", &adderID))
	if conn, err := c.Broker.Dial(adderID); err != nil {
		out["adderErr"] = err.Error()
	} else {
		ac := rpc.NewClient(conn)
		var sum int
		out["adderErr"] = errString(ac.Call("Plugin.Add", pluginshared.AddArgs{A: 40, B: 2}, &sum))
		out["adder"] = sum
		ac.Close()
	}

	rawID := c.Broker.NextId()
	rawc := make(chan []byte, 1)
	go func() {
		conn, err := c.Broker.Accept(rawID)
		if err != nil {
			rawc <- nil
			return
		}
		b, _ := io.ReadAll(conn)
		conn.Close()
		rawc <- b
	}()
	var n int
	out["rawErr"] = errString(c.Call("RawWrite", pluginshared.RawArgs{Id: rawID, N: 300000}, &n))
	got := <-rawc
	ok := len(got) == 300000
	for i := 0; ok && i < len(got); i++ {
		ok = got[i] == byte(i%251)
	}
	out["rawWritten"] = n
	out["rawOk"] = ok

	big := make([]byte, 600*1024)
	for i := range big {
		big[i] = byte(i * 7)
	}
	var echo []byte
	out["echoErr"] = errString(c.Call("Echo", big, &echo))
	out["echoOk"] = bytes.Equal(big, echo)

	out["fail"] = errString(c.Call("Fail", "boom from go host", &s))
	var v int
	out["versionErr"] = errString(c.Call("Version", "", &v))
	out["version"] = v
	s = ""
	out["envErr"] = errString(c.Call("Env", "TESTBED_ENV_PROBE", &s))
	out["env"] = s
	_, err = rpcClient.Dispense("nope")
	out["dispenseUnknownLocal"] = errString(err)
	_, err = rpcClient.Dispense("missing")
	out["dispenseUnknownRemote"] = errString(err)
	rc := client.ReattachConfig()
	if rc != nil && rc.Addr != nil {
		out["network"] = rc.Addr.Network()
	}
	start := time.Now()
	client.Kill()
	out["killMs"] = time.Since(start).Milliseconds()
	out["exited"] = client.Exited()
	emit()
}

func stdio() {
	syncOut, syncErr, rawErr := &syncBuffer{}, &syncBuffer{}, &syncBuffer{}
	logger := hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Trace, Output: hostLog, JSONFormat: true})
	client := newClient(&plugin.ClientConfig{SyncStdout: syncOut, SyncStderr: syncErr, Stderr: rawErr, Logger: logger})
	c, ok := dispenseOrReport(client)
	if !ok {
		return
	}
	var s string
	out["printErr"] = errString(c.Call("Print", "hello-stdio", &s))
	time.Sleep(500 * time.Millisecond)
	client.Kill()
	out["syncStdout"] = syncOut.String()
	out["syncStderr"] = syncErr.String()
	out["rawStderr"] = rawErr.String()
	out["hostLog"] = hostLog.String()
	emit()
}

func kill() {
	client := newClient(&plugin.ClientConfig{})
	c, ok := dispenseOrReport(client)
	if !ok {
		return
	}
	errc := make(chan error, 1)
	go func() {
		var s string
		errc <- c.Call("Sleep", 30000, &s)
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	client.Kill()
	out["killMs"] = time.Since(start).Milliseconds()
	out["exited"] = client.Exited()
	select {
	case err := <-errc:
		out["sleepErr"] = errString(err)
	case <-time.After(5 * time.Second):
		out["sleepErr"] = "still pending"
	}
	emit()
}

func crash() {
	client := newClient(&plugin.ClientConfig{})
	defer client.Kill()
	c, ok := dispenseOrReport(client)
	if !ok {
		return
	}
	var s string
	out["crashErr"] = errString(c.Call("Crash", 3, &s))
	deadline := time.Now().Add(3 * time.Second)
	for !client.Exited() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	out["exited"] = client.Exited()
	emit()
}

func hold() {
	client := newClient(&plugin.ClientConfig{})
	c, ok := dispenseOrReport(client)
	if !ok {
		return
	}
	var s string
	out["greetErr"] = errString(c.Call("Greet", "holder", &s))
	out["greet"] = s
	rc := client.ReattachConfig()
	out["pid"] = rc.Pid
	out["addr"] = rc.Addr.Network() + ":" + rc.Addr.String()
	emit()
	io.Copy(io.Discard, os.Stdin) // until the test closes stdin or kills us
	client.Kill()
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

func bench() {
	var launches []float64
	var c *pluginshared.Client
	var client *plugin.Client
	for i := 0; i < 5; i++ {
		if client != nil {
			client.Kill()
		}
		start := time.Now()
		client = newClient(&plugin.ClientConfig{Logger: hclog.NewNullLogger()})
		var ok bool
		if c, ok = dispenseOrReport(client); !ok {
			return
		}
		var s string
		if err := c.Call("Greet", "bench", &s); err != nil {
			out["startError"] = err.Error()
			emit()
			return
		}
		launches = append(launches, float64(time.Since(start).Microseconds())/1000)
	}
	defer client.Kill()
	out["launchMs"] = median(launches)
	var s string
	for i := 0; i < 1000; i++ { // warm-up (a JIT-compiled plugin on the other side)
		c.Call("Greet", "warm-up", &s)
	}
	start := time.Now()
	for i := 0; i < *calls; i++ {
		c.Call("Greet", "bench", &s)
	}
	out["seqPerSec"] = float64(*calls) / time.Since(start).Seconds()
	start = time.Now()
	var wg sync.WaitGroup
	per := *calls / 16
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r string
			for i := 0; i < per; i++ {
				c.Call("Greet", "bench", &r)
			}
		}()
	}
	wg.Wait()
	out["par16PerSec"] = float64(per*16) / time.Since(start).Seconds()
	emit()
}
