// Command yamuxpeer is a hashicorp/yamux v0.1.2 peer for go-netrpc's conformance tests and
// benchmarks. It runs one yamux session (client or server role) over TCP or a unix socket,
// listening (-listen) or dialing (-dial), and behaves according to -mode. It reports events
// as JSON lines on stdout: {"event":"listening","addr":...}, {"event":"result",...},
// {"event":"session-closed"}; yamux's own log goes to stderr.
//
// With -tls a TLS layer sits between the socket and yamux (see tls.go).
//
// Modes:
//
//	echo          accept streams; echo each until EOF, then Close
//	open-echo     open -streams streams; write -size pattern bytes, Close, read the echo back, verify
//	sink          accept streams; read everything (sleeping -delay-ms per 16 KiB read), reply "<bytes> <sha256>\n", Close
//	source        open -streams streams; write -size pattern bytes to each, Close; report when written
//	count         accept streams; count bytes until EOF, reply with the count as 8 bytes big-endian, Close
//	reset-check   accept one stream; read until an error; report it
//	goaway        accept one stream; read 1 byte, send GoAway, write "G", then echo until EOF
//	await-goaway  open a stream every 20 ms (closing it at once) until OpenStream fails; report the error
//	open-idle     open one stream, never write; after -hold-ms report whether the session is alive
//	idle          do nothing; after -hold-ms report whether the session is alive
//	noaccept      never accept (combine with -backlog)
//	close-first   accept one stream and Close it at once (FIN); keep reading; report the read error
//	bench         Go<->Go in-process benchmark over loopback TCP; prints one JSON result
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/yamux"
)

var (
	role           = flag.String("role", "server", "yamux role: client or server")
	listen         = flag.String("listen", "", "listen on tcp:HOST:PORT or unix:PATH (accepts one connection)")
	dial           = flag.String("dial", "", "dial tcp:HOST:PORT or unix:PATH")
	mode           = flag.String("mode", "echo", "behaviour, see the package doc")
	streams        = flag.Int("streams", 1, "number of streams (open-echo, source, bench)")
	size           = flag.Int64("size", 1<<20, "bytes per stream (open-echo, source, bench)")
	delayMs        = flag.Int("delay-ms", 0, "sleep per 16 KiB read (sink)")
	holdMs         = flag.Int("hold-ms", 1000, "how long to hold (open-idle, idle)")
	backlog        = flag.Int("backlog", 256, "Config.AcceptBacklog")
	keepAliveMs    = flag.Int("keepalive-ms", 30000, "Config.KeepAliveInterval")
	noKeepAlive    = flag.Bool("no-keepalive", false, "Config.EnableKeepAlive=false")
	writeTimeoutMs = flag.Int("write-timeout-ms", 10000, "Config.ConnectionWriteTimeout")
	openTimeoutMs  = flag.Int("open-timeout-ms", 75000, "Config.StreamOpenTimeout")
	closeTimeoutMs = flag.Int("close-timeout-ms", 300000, "Config.StreamCloseTimeout")
	benchKind      = flag.String("bench", "bulk", "bench: bulk or rr")
	benchSecs      = flag.Float64("secs", 3, "bench rr duration in seconds")
	useTLS         = flag.Bool("tls", false, "run TLS (self-signed, reported in a \"tls\" event) below yamux")
)

var outMu sync.Mutex

func report(v map[string]any) {
	outMu.Lock()
	defer outMu.Unlock()
	b, _ := json.Marshal(v)
	os.Stdout.Write(append(b, '\n'))
}

func fatal(err error) {
	report(map[string]any{"event": "fatal", "error": err.Error()})
	os.Exit(1)
}

func config() *yamux.Config {
	c := yamux.DefaultConfig()
	c.AcceptBacklog = *backlog
	c.EnableKeepAlive = !*noKeepAlive
	c.KeepAliveInterval = time.Duration(*keepAliveMs) * time.Millisecond
	c.ConnectionWriteTimeout = time.Duration(*writeTimeoutMs) * time.Millisecond
	c.StreamOpenTimeout = time.Duration(*openTimeoutMs) * time.Millisecond
	c.StreamCloseTimeout = time.Duration(*closeTimeoutMs) * time.Millisecond
	return c
}

func splitAddr(a string) (string, string) {
	i := strings.IndexByte(a, ':')
	if i < 0 {
		fatal(fmt.Errorf("address %q must be tcp:... or unix:...", a))
	}
	return a[:i], a[i+1:]
}

func connect() net.Conn {
	if !*useTLS {
		return connectPlain()
	}
	cert, certPem, keyPem := selfSigned()
	report(map[string]any{"event": "tls", "cert": certPem, "key": keyPem})
	return wrapTLS(connectPlain(), *dial == "", cert)
}

func connectPlain() net.Conn {
	if *dial != "" {
		network, addr := splitAddr(*dial)
		c, err := net.Dial(network, addr)
		if err != nil {
			fatal(err)
		}
		return c
	}
	network, addr := splitAddr(*listen)
	l, err := net.Listen(network, addr)
	if err != nil {
		fatal(err)
	}
	report(map[string]any{"event": "listening", "network": network, "addr": l.Addr().String()})
	c, err := l.Accept()
	if err != nil {
		fatal(err)
	}
	l.Close()
	return c
}

// pattern fills b with the deterministic test pattern of stream `seed` starting at offset off.
func pattern(b []byte, seed uint32, off int64) {
	for i := range b {
		b[i] = byte((off + int64(i) + int64(seed)*31) % 251)
	}
}

func main() {
	flag.Parse()
	if *mode == "bench" {
		runBench()
		return
	}
	conn := connect()
	var sess *yamux.Session
	var err error
	if *role == "client" {
		sess, err = yamux.Client(conn, config())
	} else {
		sess, err = yamux.Server(conn, config())
	}
	if err != nil {
		fatal(err)
	}
	done := make(chan struct{})
	go func() {
		<-sess.CloseChan()
		report(map[string]any{"event": "session-closed"})
		close(done)
	}()
	switch *mode {
	case "echo":
		acceptLoop(sess, func(s *yamux.Stream) { io.Copy(s, s); s.Close() })
	case "sink":
		acceptLoop(sess, sink)
	case "count":
		acceptLoop(sess, count)
	case "open-echo":
		openEcho(sess)
	case "source":
		source(sess)
	case "reset-check":
		s, err := sess.AcceptStream()
		if err != nil {
			fatal(err)
		}
		n, err := io.Copy(io.Discard, s)
		report(map[string]any{"event": "result", "read": n, "error": errString(err)})
	case "goaway":
		s, err := sess.AcceptStream()
		if err != nil {
			fatal(err)
		}
		one := make([]byte, 1)
		if _, err := io.ReadFull(s, one); err != nil {
			fatal(err)
		}
		if err := sess.GoAway(); err != nil {
			fatal(err)
		}
		s.Write([]byte("G"))
		io.Copy(s, s)
		s.Close()
	case "await-goaway":
		for {
			s, err := sess.OpenStream()
			if err != nil {
				report(map[string]any{"event": "result", "error": err.Error(), "remoteGoAway": errors.Is(err, yamux.ErrRemoteGoAway)})
				break
			}
			s.Close()
			time.Sleep(20 * time.Millisecond)
		}
	case "open-idle":
		if _, err := sess.OpenStream(); err != nil {
			fatal(err)
		}
		holdAndReport(sess)
	case "idle":
		holdAndReport(sess)
	case "noaccept":
	case "close-first":
		s, err := sess.AcceptStream()
		if err != nil {
			fatal(err)
		}
		s.Close()
		n, err := io.Copy(io.Discard, s)
		report(map[string]any{"event": "result", "read": n, "error": errString(err)})
	default:
		fatal(fmt.Errorf("unknown mode %q", *mode))
	}
	<-done
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func holdAndReport(sess *yamux.Session) {
	time.Sleep(time.Duration(*holdMs) * time.Millisecond)
	alive := !sess.IsClosed()
	var rtt float64 = -1
	if alive {
		if d, err := sess.Ping(); err == nil {
			rtt = float64(d.Microseconds()) / 1000
		} else {
			alive = false
		}
	}
	report(map[string]any{"event": "result", "alive": alive, "rttMs": rtt})
}

func acceptLoop(sess *yamux.Session, handle func(*yamux.Stream)) {
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			return
		}
		go handle(s)
	}
}

func sink(s *yamux.Stream) {
	h := sha256.New()
	buf := make([]byte, 16*1024)
	var total int64
	for {
		n, err := s.Read(buf)
		h.Write(buf[:n])
		total += int64(n)
		if err != nil {
			break
		}
		if *delayMs > 0 {
			time.Sleep(time.Duration(*delayMs) * time.Millisecond)
		}
	}
	fmt.Fprintf(s, "%d %s\n", total, hex.EncodeToString(h.Sum(nil)))
	s.Close()
}

func count(s *yamux.Stream) {
	n, _ := io.Copy(io.Discard, s)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	s.Write(b[:])
	s.Close()
}

func writePattern(s *yamux.Stream, seed uint32, total int64) error {
	buf := make([]byte, 64*1024)
	for off := int64(0); off < total; {
		n := int64(len(buf))
		if total-off < n {
			n = total - off
		}
		pattern(buf[:n], seed, off)
		if _, err := s.Write(buf[:n]); err != nil {
			return err
		}
		off += n
	}
	return nil
}

// onOpenedStreams opens n streams on sess, one after another, runs fn on each in its own
// goroutine, and returns once every fn has returned. Failing to open a stream is fatal.
func onOpenedStreams(sess *yamux.Session, n int, fn func(s *yamux.Stream)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		s, err := sess.OpenStream()
		if err != nil {
			fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(s)
		}()
	}
	wg.Wait()
}

func openEcho(sess *yamux.Session) {
	var mu sync.Mutex
	var failures []string
	onOpenedStreams(sess, *streams, func(s *yamux.Stream) {
		seed := s.StreamID()
		fail := func(msg string) {
			mu.Lock()
			failures = append(failures, fmt.Sprintf("stream %d: %s", seed, msg))
			mu.Unlock()
		}
		go func() {
			if err := writePattern(s, seed, *size); err != nil {
				fail("write: " + err.Error())
			}
			s.Close()
		}()
		got, err := io.ReadAll(s)
		if err != nil {
			fail("read: " + err.Error())
			return
		}
		want := make([]byte, *size)
		pattern(want, seed, 0)
		if string(got) != string(want) {
			fail(fmt.Sprintf("echo mismatch: got %d bytes, want %d", len(got), len(want)))
		}
	})
	report(map[string]any{"event": "result", "ok": len(failures) == 0, "failures": failures, "streams": *streams})
}

func source(sess *yamux.Session) {
	var mu sync.Mutex
	var failures []string
	onOpenedStreams(sess, *streams, func(s *yamux.Stream) {
		if err := writePattern(s, s.StreamID(), *size); err != nil {
			mu.Lock()
			failures = append(failures, err.Error())
			mu.Unlock()
		}
		s.Close()
	})
	report(map[string]any{"event": "result", "ok": len(failures) == 0, "failures": failures})
}
