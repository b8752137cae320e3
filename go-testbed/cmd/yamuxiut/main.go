// Command yamuxiut is hashicorp/yamux v0.1.2 as the implementation under test (IUT) of
// `go-netrpc conformance yamux` — the reference the kit is calibrated on. It follows the IUT duty
// (src/conformance/yamux/duty.ts): a yamux server (or, with YAMUX_CONFORMANCE_ROLE=client,
// client) session per connection that echoes every
// accepted stream until EOF, then closes it; capability "open" (a stream starting "OPEN <n>
// <size>\n" opens n streams towards the kit) and "timeouts" (DefaultConfig timeouts times
// YAMUX_CONFORMANCE_TIME_SCALE, the write timeout at least 2 s).
//
// It dials YAMUX_CONFORMANCE_DIAL (keeping one idle connection waiting) or listens on
// YAMUX_CONFORMANCE_LISTEN. yamux's log goes to stderr.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/yamux"
)

func scaled(d time.Duration, scale float64) time.Duration {
	return time.Duration(float64(d) * scale)
}

func config() *yamux.Config {
	scale := 1.0
	if s := os.Getenv("YAMUX_CONFORMANCE_TIME_SCALE"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v <= 0 {
			fmt.Fprintf(os.Stderr, "yamuxiut: bad YAMUX_CONFORMANCE_TIME_SCALE %q\n", s)
			os.Exit(2)
		}
		scale = v
	}
	c := yamux.DefaultConfig()
	c.KeepAliveInterval = scaled(c.KeepAliveInterval, scale)
	c.ConnectionWriteTimeout = scaled(c.ConnectionWriteTimeout, scale)
	if c.ConnectionWriteTimeout < 2*time.Second {
		c.ConnectionWriteTimeout = 2 * time.Second
	}
	c.StreamOpenTimeout = scaled(c.StreamOpenTimeout, scale)
	c.StreamCloseTimeout = scaled(c.StreamCloseTimeout, scale)
	return c
}

// pattern is byte i = (id*31 + i) % 251.
func pattern(size int, id uint32) []byte {
	b := make([]byte, size)
	base := int((uint64(id) * 31) % 251)
	for i := range b {
		b[i] = byte((base + i) % 251)
	}
	return b
}

func openStreams(sess *yamux.Session, n, size int, hold bool) error {
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		s, err := sess.OpenStream()
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			drained := make(chan struct{})
			go func() {
				io.Copy(io.Discard, s)
				close(drained)
			}()
			if _, err := s.Write(pattern(size, s.StreamID())); err != nil {
				errs <- err
			}
			if hold {
				<-drained
			}
			s.Close()
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func serveStream(sess *yamux.Session, s *yamux.Stream) {
	defer s.Close()
	r := bufio.NewReader(s)
	head, _ := r.Peek(5)
	if string(head) == "OPEN " {
		line, _ := io.ReadAll(r)
		var n, size int
		reply := "OK\n"
		fields := strings.Fields(string(line))
		hold := len(fields) == 4 && fields[3] == "hold"
		if _, err := fmt.Sscanf(string(line), "OPEN %d %d", &n, &size); err != nil {
			reply = "ERR bad command\n"
		} else if err := openStreams(sess, n, size, hold); err != nil {
			reply = "ERR " + strings.ReplaceAll(err.Error(), "\n", " ") + "\n"
		}
		s.Write([]byte(reply))
		return
	}
	io.Copy(s, r)
}

func serveConn(conn net.Conn) {
	// YAMUX_CONFORMANCE_ROLE=client: the IUT is the yamux client (odd ids), the kit the server.
	open := yamux.Server
	if os.Getenv("YAMUX_CONFORMANCE_ROLE") == "client" {
		open = yamux.Client
	}
	sess, err := open(conn, config())
	if err != nil {
		fmt.Fprintln(os.Stderr, "yamuxiut:", err)
		conn.Close()
		return
	}
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			conn.Close()
			return
		}
		go serveStream(sess, s)
	}
}

// firstByteConn reports the first successful Read (the kit started using the connection).
type firstByteConn struct {
	net.Conn
	once sync.Once
	used func()
}

func (c *firstByteConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.once.Do(c.used)
	}
	return n, err
}

func main() {
	if addr := os.Getenv("YAMUX_CONFORMANCE_LISTEN"); addr != "" {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "yamuxiut:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "listening", l.Addr())
		for {
			c, err := l.Accept()
			if err != nil {
				os.Exit(1)
			}
			go serveConn(c)
		}
	}
	addr := os.Getenv("YAMUX_CONFORMANCE_DIAL")
	if addr == "" {
		fmt.Fprintln(os.Stderr, "yamuxiut: set YAMUX_CONFORMANCE_DIAL or YAMUX_CONFORMANCE_LISTEN")
		os.Exit(2)
	}
	// Keep one idle connection waiting: dial the next when one is first used or closes idle.
	next := make(chan struct{}, 1024)
	next <- struct{}{}
	for range next {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return // the kit is done
		}
		var used sync.Once
		markUsed := func() { used.Do(func() { next <- struct{}{} }) }
		fc := &firstByteConn{Conn: c, used: markUsed}
		go func() {
			serveConn(fc)
			markUsed()
		}()
	}
}
