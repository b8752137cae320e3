/**
 * Client constructors with the gob codec: Go `rpc.NewClient`, `rpc.Dial` and
 * `rpc.DialHTTP` / `DialHTTPPath`. `createClient` works over any Duplex; `dial`/`dialHTTP` open
 * a TCP or unix-socket connection first.
 */
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { unrefTimeout } from '../internal/deferred.js';
import { onAbort } from './abort-fanout.js';
import { Client } from './client.js';
import { RpcError } from './errors.js';
import { GobClientCodec, type GobCodecOptions } from './gob-codec.js';
import { httpConnect, type HttpConnectOptions } from './http-connect.js';

/** Where to connect: TCP host/port or a unix socket path. */
export type DialTarget = { readonly host?: string; readonly port: number } | { readonly path: string };

/** Options of {@link dial} and {@link dialHTTP}. */
export interface DialOptions extends GobCodecOptions {
  /** Aborts connecting (and the HTTP handshake). */
  readonly signal?: AbortSignal;
  /** Fails connecting (and the HTTP handshake) after this many milliseconds. Defaults to no timeout. */
  readonly timeoutMs?: number;
}

/**
 * A net/rpc client with the gob codec over an open connection (Go `rpc.NewClient`).
 * @throws RpcError INVALID_ARGUMENT when `stream` is not a Duplex.
 */
export function createClient(stream: Duplex, options: GobCodecOptions = {}): Client {
  return new Client(new GobClientCodec(stream, options));
}

function openSocket(target: DialTarget, options: DialOptions): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const where = 'path' in target ? `unix ${target.path}` : `tcp ${target.host ?? 'localhost'}:${target.port}`;
    if (options.signal?.aborted) {
      reject(new RpcError('ABORTED', `rpc: dial ${where}: aborted`, { cause: options.signal.reason }));
      return;
    }
    const socket = 'path' in target ? connect({ path: target.path }) : connect({ host: target.host ?? 'localhost', port: target.port, noDelay: true });
    let timer: NodeJS.Timeout | undefined;
    let unlisten: (() => void) | undefined;
    const cleanup = (): void => {
      socket.off('connect', onConnect);
      socket.off('error', onError);
      unlisten?.();
      if (timer !== undefined) clearTimeout(timer);
    };
    const fail = (err: RpcError): void => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onConnect = (): void => {
      cleanup();
      // Until a codec listens, a socket failure must not become an unhandled 'error'.
      socket.on('error', () => undefined);
      resolve(socket);
    };
    const onError = (err: Error): void => fail(new RpcError('CONNECTION_ERROR', `rpc: dial ${where}: ${err.message}`, { cause: err }));
    const aborted = (): void => fail(new RpcError('ABORTED', `rpc: dial ${where}: aborted`, { cause: options.signal?.reason }));
    socket.once('connect', onConnect);
    socket.once('error', onError);
    if (options.signal !== undefined) unlisten = onAbort(options.signal, aborted);
    if (options.timeoutMs !== undefined && options.timeoutMs > 0 && Number.isFinite(options.timeoutMs)) {
      timer = unrefTimeout(() => fail(new RpcError('TIMEOUT', `rpc: dial ${where}: timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    }
  });
}

/**
 * Connects to a net/rpc server (Go `rpc.Dial`).
 * @throws RpcError `CONNECTION_ERROR` | `TIMEOUT` | `ABORTED`.
 */
export async function dial(target: DialTarget, options: DialOptions = {}): Promise<Client> {
  return createClient(await openSocket(target, options), options);
}

/**
 * Connects to a net/rpc server behind HTTP CONNECT (Go `rpc.DialHTTP` / `DialHTTPPath`).
 * @throws RpcError `CONNECTION_ERROR` | `HTTP_CONNECT_FAILED` ("unexpected HTTP response: …") | `TIMEOUT` | `ABORTED`.
 */
export async function dialHTTP(target: DialTarget, options: DialOptions & HttpConnectOptions = {}): Promise<Client> {
  const socket = await openSocket(target, options);
  await httpConnect(socket, options);
  return createClient(socket, options);
}
