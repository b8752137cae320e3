/**
 * net/rpc's HTTP CONNECT transport, both sides: Go `rpc.DialHTTPPath` writes
 * `CONNECT /_goRPC_ HTTP/1.0\n\n` and requires the status "200 Connected to Go RPC";
 * `rpc.Server.ServeHTTP` answers a CONNECT with `HTTP/1.0 200 Connected to Go RPC\n\n` and
 * then speaks plain net/rpc on the socket, and answers any other method with
 * `405 Method Not Allowed` and the body "405 must CONNECT\n".
 *
 * Deviation from Go: Node's HTTP parser rejects the bare-LF request Go's DialHTTP sends, so the
 * server side reads the request head itself on a plain socket (see {@link acceptHTTPConnect})
 * instead of plugging into `node:http`. Paths other than the RPC path get Go's ServeMux
 * answer "404 page not found\n".
 */
import type { Duplex } from 'node:stream';
import { unrefTimeout } from '../internal/deferred.js';
import { onAbort } from './abort-fanout.js';
import { RpcError } from './errors.js';

/** Go `rpc.DefaultRPCPath`. */
export const DEFAULT_RPC_PATH = '/_goRPC_';
/** Go net/rpc's `connected` status. */
export const CONNECTED_STATUS = '200 Connected to Go RPC';
/** Default limit on an HTTP head we read (Go `http.DefaultMaxHeaderBytes`, 1 MiB). */
export const DEFAULT_MAX_HEADER_BYTES = 1 << 20;

/** Options of the HTTP CONNECT handshake (either side). */
export interface HttpConnectOptions {
  /** RPC path. Defaults to `/_goRPC_` (Go `DefaultRPCPath`). */
  readonly path?: string;
  /** Largest request/response head accepted, in bytes. Defaults to 1 MiB (Go `DefaultMaxHeaderBytes`). */
  readonly maxHeaderBytes?: number;
  /** Fails the handshake after this many milliseconds. Defaults to no timeout (as Go). */
  readonly timeoutMs?: number;
  /** Aborts the handshake. */
  readonly signal?: AbortSignal;
}

interface Head {
  readonly head: string;
}

/**
 * Reads an HTTP head (up to the first empty line, LF or CRLF) from `stream`; bytes after it
 * are pushed back with `unshift` for whoever reads next.
 */
function readHead(stream: Duplex, opts: HttpConnectOptions, what: string): Promise<Head> {
  const max = opts.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  return new Promise<Head>((resolve, reject) => {
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    let unlisten: (() => void) | undefined;
    const cleanup = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
      unlisten?.();
      if (timer !== undefined) clearTimeout(timer);
    };
    const fail = (err: RpcError): void => {
      cleanup();
      reject(err);
    };
    const onReadable = (): void => {
      for (;;) {
        const chunk = stream.read() as Buffer | null;
        if (chunk === null) return;
        const from = Math.max(0, text.length - 3);
        text += chunk.toString('latin1');
        const end = findHeadEnd(text, from);
        if (end < 0) {
          if (text.length > max) return fail(new RpcError('HTTP_CONNECT_FAILED', `${what}: HTTP head larger than ${max} bytes`));
          continue;
        }
        const rest = text.length > end ? Buffer.from(text.slice(end), 'latin1') : undefined;
        cleanup();
        if (rest !== undefined) stream.unshift(rest);
        resolve({ head: text.slice(0, end) });
        return;
      }
    };
    const onEnd = (): void => fail(new RpcError('HTTP_CONNECT_FAILED', `${what}: connection closed during the HTTP handshake (unexpected EOF)`));
    const onError = (err: Error): void => fail(new RpcError('HTTP_CONNECT_FAILED', `${what}: ${err.message}`, { cause: err }));
    const aborted = (): void => fail(new RpcError('ABORTED', `${what}: aborted`, { cause: opts.signal?.reason }));
    if (opts.signal?.aborted) return aborted();
    if (opts.signal !== undefined) unlisten = onAbort(opts.signal, aborted);
    if (opts.timeoutMs !== undefined && opts.timeoutMs > 0 && Number.isFinite(opts.timeoutMs)) {
      timer = unrefTimeout(() => fail(new RpcError('TIMEOUT', `${what}: no HTTP answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    }
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    onReadable();
  });
}

/** Index just past the blank line ending the head, or -1. Accepts LF and CRLF line ends. */
function findHeadEnd(text: string, from: number): number {
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (text[i + 1] === '\n') return i + 2;
    if (text[i + 1] === '\r' && text[i + 2] === '\n') return i + 3;
  }
  return -1;
}

function firstLine(head: string): string {
  const nl = head.indexOf('\n');
  return (nl < 0 ? head : head.slice(0, nl)).replace(/\r$/, '');
}

/**
 * Client side of the handshake over an already connected duplex (Go `DialHTTPPath` after
 * `net.Dial`): sends `CONNECT <path> HTTP/1.0\n\n` and checks the reply status. On failure the
 * duplex is destroyed, as Go closes the connection.
 * @throws RpcError `HTTP_CONNECT_FAILED` ("unexpected HTTP response: <status>"), `TIMEOUT`, `ABORTED`.
 */
export async function httpConnect(stream: Duplex, options: HttpConnectOptions = {}): Promise<void> {
  const path = options.path ?? DEFAULT_RPC_PATH;
  try {
    stream.write(`CONNECT ${path} HTTP/1.0\n\n`, 'latin1');
    const { head } = await readHead(stream, options, 'rpc: dial-http');
    const line = firstLine(head);
    const sp = line.indexOf(' ');
    const status = sp < 0 ? '' : line.slice(sp + 1).replace(/^ +/, '');
    if (!line.startsWith('HTTP/') || status !== CONNECTED_STATUS) {
      throw new RpcError('HTTP_CONNECT_FAILED', `unexpected HTTP response: ${status || line}`);
    }
  } catch (err) {
    stream.destroy();
    throw err instanceof RpcError ? err : new RpcError('HTTP_CONNECT_FAILED', `rpc: dial-http: ${String(err)}`, { cause: err });
  }
}

function plainResponse(status: string, body: string): string {
  return (
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * Server side of the handshake on a freshly accepted socket (Go `Server.ServeHTTP` behind a
 * ServeMux with `HandleHTTP`). Resolves `true` after answering `HTTP/1.0 200 Connected to Go
 * RPC\n\n` to `CONNECT <path>` — serve net/rpc on the socket next; resolves `false` after
 * answering anything else (405 "405 must CONNECT\n" for other methods on the path, 404 for
 * other paths, 400 for garbage) and ending the socket.
 */
export async function acceptHTTPConnect(stream: Duplex, options: HttpConnectOptions = {}): Promise<boolean> {
  const path = options.path ?? DEFAULT_RPC_PATH;
  // The socket may fail while we answer and close it; never let that be an unhandled 'error'.
  stream.on('error', () => undefined);
  let head: string;
  try {
    ({ head } = await readHead(stream, options, 'rpc: accept-http'));
  } catch {
    stream.destroy();
    return false;
  }
  const [method, target, proto] = firstLine(head).split(' ');
  if (method === undefined || target === undefined || proto === undefined || !proto.startsWith('HTTP/')) {
    stream.end(plainResponse('400 Bad Request', '400 Bad Request'));
    return false;
  }
  if (target !== path) {
    stream.end(plainResponse('404 Not Found', '404 page not found\n'));
    return false;
  }
  if (method !== 'CONNECT') {
    stream.end(plainResponse('405 Method Not Allowed', '405 must CONNECT\n'));
    return false;
  }
  stream.write(`HTTP/1.0 ${CONNECTED_STATUS}\n\n`, 'latin1');
  return true;
}
