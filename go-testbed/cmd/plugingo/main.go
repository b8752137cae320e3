// plugingo is go-netrpc's Go test plugin: a real hashicorp/go-plugin netrpc plugin (plugin.Serve)
// implementing the pluginshared contract, used to test the TypeScript host.
//
// Environment knobs (read by this program only):
//
//	TESTBED_VERSIONS=1,2   app protocol versions offered (VersionedPlugins keys; default "1")
//	TESTBED_PRE_STDOUT=x   print x to the real stdout BEFORE Serve (a broken plugin)
//	TESTBED_EXIT_EARLY=n   write "early failure" to stderr and exit n before Serve
//	TESTBED_HANG=1         never print a handshake (sleep)
//	TESTBED_LONG_LINE=n    print n bytes without a newline to stdout, then sleep (over-long handshake)
//	TESTBED_TLS_CERT/KEY/CA=<PEM files>  user TLS via ServeConfig.TLSProvider (client cert required)
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-netrpc/go-testbed/internal/pluginshared"
	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
)

func main() {
	if s := os.Getenv("TESTBED_PRE_STDOUT"); s != "" {
		fmt.Println(s)
	}
	if s := os.Getenv("TESTBED_EXIT_EARLY"); s != "" {
		code, _ := strconv.Atoi(s)
		fmt.Fprintln(os.Stderr, "early failure")
		os.Exit(code)
	}
	if s := os.Getenv("TESTBED_LONG_LINE"); s != "" {
		n, _ := strconv.Atoi(s)
		os.Stdout.WriteString(strings.Repeat("x", n))
		time.Sleep(time.Hour)
	}
	if os.Getenv("TESTBED_HANG") == "1" {
		time.Sleep(time.Hour)
	}
	logger := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: os.Stderr, JSONFormat: true})
	versions := os.Getenv("TESTBED_VERSIONS")
	if versions == "" {
		versions = "1"
	}
	sets := map[int]plugin.PluginSet{}
	for _, v := range strings.Split(versions, ",") {
		n, err := strconv.Atoi(v)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad TESTBED_VERSIONS")
			os.Exit(2)
		}
		sets[n] = plugin.PluginSet{"testbed": &pluginshared.TestbedPlugin{Logger: logger, Version: n}}
	}
	logger.Debug("testbed plugin starting", "versions", versions)
	cfg := &plugin.ServeConfig{
		HandshakeConfig:  plugin.HandshakeConfig{MagicCookieKey: pluginshared.Handshake.MagicCookieKey, MagicCookieValue: pluginshared.Handshake.MagicCookieValue},
		VersionedPlugins: sets,
		Logger:           logger,
	}
	if certFile := os.Getenv("TESTBED_TLS_CERT"); certFile != "" {
		cfg.TLSProvider = func() (*tls.Config, error) {
			pair, err := tls.LoadX509KeyPair(certFile, os.Getenv("TESTBED_TLS_KEY"))
			if err != nil {
				return nil, err
			}
			caPEM, err := os.ReadFile(os.Getenv("TESTBED_TLS_CA"))
			if err != nil {
				return nil, err
			}
			pool := x509.NewCertPool()
			pool.AppendCertsFromPEM(caPEM)
			return &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, MinVersion: tls.VersionTLS12}, nil
		}
	}
	plugin.Serve(cfg)
}
