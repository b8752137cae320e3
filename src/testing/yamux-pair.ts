/**
 * An in-process pair of connected yamux sessions (client and server) over {@link duplexPair},
 * like go-plugin's testing.go helpers: for tests of code that uses go-netrpc/yamux streams
 * without sockets or a Go peer.
 */
import { createClient, createServer, type YamuxConfig, type YamuxSession } from '../yamux/index.js';
import { duplexPair } from './duplex-pair.js';

/** A connected yamux client and server session. Close either to close both. */
export function yamuxPair(config?: YamuxConfig): { client: YamuxSession; server: YamuxSession } {
  const [a, b] = duplexPair();
  return { client: createClient(a, config), server: createServer(b, config) };
}
