/**
 * net/rpc over a yamux stream, as go-plugin does it: `rpc.NewClient(conn)` (gob client codec) and
 * `rpc.Server.ServeConn(conn)` (gob server codec). The only plugin file that picks the codec.
 */
import type { Duplex } from 'node:stream';
import type { Registry } from '../gob/index.js';
import { Client, GobClientCodec, GobServerCodec, type Server } from '../rpc/index.js';

/** Go `rpc.NewClient(conn)`; interface values resolve through `registry` (default: gob's default registry). */
export function openRpcClient(stream: Duplex, registry?: Registry): Client {
  return new Client(new GobClientCodec(stream, registry === undefined ? {} : { registry }));
}

/** Go `server.ServeConn(conn)`: serves until the stream ends. */
export function serveRpcStream(server: Server, stream: Duplex, registry?: Registry): Promise<void> {
  return server.serveCodec(new GobServerCodec(stream, registry === undefined ? {} : { registry }));
}
