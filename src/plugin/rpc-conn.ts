/**
 * net/rpc over a yamux stream, as go-plugin does it: `rpc.NewClient(conn)` (gob client codec) and
 * `rpc.Server.ServeConn(conn)` (gob server codec). The only plugin file that picks the codec.
 */
import type { Duplex } from 'node:stream';
import { Client, GobClientCodec, GobServerCodec, type Server } from '../rpc/index.js';

/** Go `rpc.NewClient(conn)`. */
export function openRpcClient(stream: Duplex): Client {
  return new Client(new GobClientCodec(stream));
}

/** Go `server.ServeConn(conn)`: serves until the stream ends. */
export function serveRpcStream(server: Server, stream: Duplex): Promise<void> {
  return server.serveCodec(new GobServerCodec(stream));
}
