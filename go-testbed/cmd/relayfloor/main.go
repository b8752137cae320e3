// Command relayfloor is the cheapest possible go-plugin relay, the reference `go-netrpc trace`'s
// overhead is measured against (test/bench/trace.bench.ts): put where a host expects a plugin
// binary (`relayfloor PLUGIN_CMD ARGS…`), it launches the plugin with the host's environment, reads
// its go-plugin handshake line (CORE|APP|NETWORK|ADDR|PROTO[|CERT]), listens on its own socket of
// the same network, prints the handshake with only the address changed, and copies bytes both
// ways (io.Copy, half-closing each direction at EOF) without looking at them. The plugin's stdout
// after the handshake and its stderr pass through; it exits with the plugin's status.
// Plain only: it terminates no TLS (an AutoMTLS session passes through end to end).
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: relayfloor PLUGIN_CMD [ARGS…]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Env = os.Environ()
	cmd.Stdin = os.Stdin
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fail(err)
	}
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil {
		fail(fmt.Errorf("reading the plugin's handshake: %w", err))
	}
	f := strings.Split(strings.TrimRight(line, "\r\n"), "|")
	if len(f) < 4 {
		fail(fmt.Errorf("not a go-plugin handshake: %q", line))
	}
	network, target := f[2], f[3]
	l, cleanup, err := listen(network)
	if err != nil {
		fail(err)
	}
	defer cleanup()
	f[3] = l.Addr().String()
	fmt.Println(strings.Join(f, "|"))
	go accept(l, network, target)
	io.Copy(os.Stdout, r) // until the plugin closes its stdout (Wait must not close it earlier)
	err = cmd.Wait()
	cleanup()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			os.Exit(128 + int(ws.Signal()))
		}
		os.Exit(exit.ExitCode())
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "relayfloor:", err)
	os.Exit(1)
}

// listen opens the relay's own socket: a fresh unix socket, or a loopback TCP port.
func listen(network string) (net.Listener, func(), error) {
	if network != "unix" {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		return l, func() {}, err
	}
	dir, err := os.MkdirTemp(os.Getenv("PLUGIN_UNIX_SOCKET_DIR"), "relayfloor-")
	if err != nil {
		return nil, nil, err
	}
	l, err := net.Listen("unix", filepath.Join(dir, "plugin.sock"))
	return l, func() { os.RemoveAll(dir) }, err
}

func accept(l net.Listener, network, target string) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		u, err := net.Dial(network, target)
		if err != nil {
			c.Close()
			continue
		}
		go pipe(u, c)
		go pipe(c, u)
	}
}

// pipe copies src to dst, then half-closes dst's write side so EOF travels on.
func pipe(dst, src net.Conn) {
	io.Copy(dst, src)
	if cw, ok := dst.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	} else {
		dst.Close()
	}
}
