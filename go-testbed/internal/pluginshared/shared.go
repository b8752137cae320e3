// Package pluginshared is the RPC contract shared by go-netrpc's own Go test host (cmd/pluginhost)
// and Go test plugin (cmd/plugingo), and mirrored by the TypeScript test plugin and host
// (test/helpers/plugins). It covers what the upstream go-plugin examples do not: MuxBroker
// callbacks in both directions, raw brokered byte streams, errors, stdio and log forwarding,
// crashes mid-call and version negotiation.
//
// Wire contract (service "Plugin" on the dispensed stream; all args/replies are gob builtins):
//
//	Greet(name string) string               "Hello, <name>!"
//	GreetWithCallback(id uint32) string     dial host broker id, call "Plugin.Name"(string) string → "Hello, <name>!"
//	OfferAdder(arg string) uint32           plugin allocates a broker id and AcceptAndServes an adder
//	                                        ("Plugin.Add"(AddArgs{A,B int}) int) there
//	RawWrite(args RawArgs{Id uint32, N int}) int   dial host broker id, write N bytes (i%251), close
//	Echo(b []byte) []byte
//	Fail(msg string) string                 returns errors.New(msg)
//	Print(s string) string                  writes s+"\n" to os.Stdout and os.Stderr, logs it (Info, field text=s)
//	Version(arg string) int                 the app protocol version this implementation was dispensed for
//	Env(key string) string                  os.Getenv(key)
//	Sleep(ms int) string                    sleeps, returns "slept"
//	Crash(code int) string                  os.Exit(code) without replying
//	Freeze(ms int) string                   sleeps (the TS plugin blocks its whole event loop instead)
package pluginshared

import (
	"errors"
	"fmt"
	"net/rpc"
	"os"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

// Handshake is the cookie used by the testbed host and plugins.
var Handshake = plugin.HandshakeConfig{
	ProtocolVersion:  1,
	MagicCookieKey:   "GONETRPC_TESTBED_PLUGIN",
	MagicCookieValue: "d1c6a0e2-testbed",
}

// AddArgs is the argument of the adder callback service.
type AddArgs struct {
	A int
	B int
}

// RawArgs asks the plugin to stream N raw bytes to the host's broker id.
type RawArgs struct {
	Id uint32
	N  int
}

// Server is the plugin-side implementation (registered as "Plugin").
type Server struct {
	Broker     *plugin.MuxBroker
	Logger     hclog.Logger
	AppVersion int
}

func (s *Server) Greet(name string, resp *string) error { *resp = "Hello, " + name + "!"; return nil }

func (s *Server) GreetWithCallback(id uint32, resp *string) error {
	conn, err := s.Broker.Dial(id)
	if err != nil {
		return err
	}
	c := rpc.NewClient(conn)
	defer c.Close()
	var name string
	if err := c.Call("Plugin.Name", "plugin", &name); err != nil {
		return err
	}
	*resp = "Hello, " + name + "!"
	return nil
}

// Adder is served by the plugin on a broker id it allocates (plugin → host direction).
type Adder struct{}

func (Adder) Add(args AddArgs, resp *int) error { *resp = args.A + args.B; return nil }

func (s *Server) OfferAdder(_ string, resp *uint32) error {
	id := s.Broker.NextId()
	go s.Broker.AcceptAndServe(id, Adder{})
	*resp = id
	return nil
}

func (s *Server) RawWrite(args RawArgs, resp *int) error {
	conn, err := s.Broker.Dial(args.Id)
	if err != nil {
		return err
	}
	defer conn.Close()
	buf := make([]byte, args.N)
	for i := range buf {
		buf[i] = byte(i % 251)
	}
	n, err := conn.Write(buf)
	*resp = n
	return err
}

func (s *Server) Echo(b []byte, resp *[]byte) error { *resp = b; return nil }

func (s *Server) Fail(msg string, resp *string) error { return errors.New(msg) }

func (s *Server) Print(text string, resp *string) error {
	fmt.Fprintln(os.Stdout, text)
	fmt.Fprintln(os.Stderr, text)
	if s.Logger != nil {
		s.Logger.Info("print called", "text", text)
	}
	*resp = "printed"
	return nil
}

func (s *Server) Version(_ string, resp *int) error { *resp = s.AppVersion; return nil }

func (s *Server) Env(key string, resp *string) error { *resp = os.Getenv(key); return nil }

func (s *Server) Sleep(ms int, resp *string) error {
	time.Sleep(time.Duration(ms) * time.Millisecond)
	*resp = "slept"
	return nil
}

func (s *Server) Crash(code int, resp *string) error { os.Exit(code); return nil }

func (s *Server) Freeze(ms int, resp *string) error {
	time.Sleep(time.Duration(ms) * time.Millisecond)
	*resp = "thawed"
	return nil
}

// NameServer is the host-side callback service ("Plugin.Name").
type NameServer struct{ Value string }

func (n *NameServer) Name(_ string, resp *string) error { *resp = n.Value; return nil }

// TestbedPlugin is the go-plugin netrpc Plugin for the contract above.
type TestbedPlugin struct {
	Logger  hclog.Logger
	Version int
}

func (p *TestbedPlugin) Server(b *plugin.MuxBroker) (interface{}, error) {
	return &Server{Broker: b, Logger: p.Logger, AppVersion: p.Version}, nil
}

// Client returns a *Client wrapping the dispensed rpc.Client.
func (p *TestbedPlugin) Client(b *plugin.MuxBroker, c *rpc.Client) (interface{}, error) {
	return &Client{Broker: b, RPC: c}, nil
}

// Client is the host-side handle of a dispensed testbed plugin.
type Client struct {
	Broker *plugin.MuxBroker
	RPC    *rpc.Client
}

// Call is a thin wrapper over rpc.Client.Call on "Plugin.<method>".
func (c *Client) Call(method string, arg interface{}, reply interface{}) error {
	return c.RPC.Call("Plugin."+method, arg, reply)
}
