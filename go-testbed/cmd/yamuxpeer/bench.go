package main

// Go<->Go reference benchmark: a yamux client and server in one process over one loopback TCP
// connection, the same workloads as test/bench/yamux.bench.ts.

import (
	"encoding/binary"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/hashicorp/yamux"
)

func runBench() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fatal(err)
	}
	srvCh := make(chan *yamux.Session, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			fatal(err)
		}
		c.(*net.TCPConn).SetNoDelay(true)
		s, err := yamux.Server(c, nil)
		if err != nil {
			fatal(err)
		}
		srvCh <- s
	}()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		fatal(err)
	}
	c.(*net.TCPConn).SetNoDelay(true)
	client, err := yamux.Client(c, nil)
	if err != nil {
		fatal(err)
	}
	server := <-srvCh
	if *benchKind == "bulk" {
		go acceptLoop(server, count)
		start := time.Now()
		per := *size / int64(*streams)
		onOpenedStreams(client, *streams, func(s *yamux.Stream) {
			buf := make([]byte, 64*1024)
			for off := int64(0); off < per; off += int64(len(buf)) {
				if _, err := s.Write(buf); err != nil {
					fatal(err)
				}
			}
			s.Close()
			var b [8]byte
			if _, err := io.ReadFull(s, b[:]); err != nil {
				fatal(err)
			}
			if int64(binary.BigEndian.Uint64(b[:])) < per {
				fatal(io.ErrShortWrite)
			}
		})
		secs := time.Since(start).Seconds()
		report(map[string]any{"event": "result", "kind": "bulk", "streams": *streams, "bytes": per * int64(*streams), "secs": secs, "mibPerSec": float64(per*int64(*streams)) / secs / (1 << 20)})
		return
	}
	go acceptLoop(server, func(s *yamux.Stream) { io.Copy(s, s); s.Close() })
	var total int64
	deadline := time.Now().Add(time.Duration(*benchSecs * float64(time.Second)))
	start := time.Now()
	onOpenedStreams(client, *streams, func(s *yamux.Stream) {
		req := make([]byte, 64)
		resp := make([]byte, 64)
		for time.Now().Before(deadline) {
			if _, err := s.Write(req); err != nil {
				fatal(err)
			}
			if _, err := io.ReadFull(s, resp); err != nil {
				fatal(err)
			}
			atomic.AddInt64(&total, 1)
		}
		s.Close()
	})
	secs := time.Since(start).Seconds()
	report(map[string]any{"event": "result", "kind": "rr", "streams": *streams, "roundTrips": total, "secs": secs, "perSec": float64(total) / secs})
}
