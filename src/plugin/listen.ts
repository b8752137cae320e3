/**
 * The plugin's listener (go-plugin `serverListener`, `serverListener_unix`, `serverListener_tcp`):
 * a unix socket at `<PLUGIN_UNIX_SOCKET_DIR or tmpdir>/plugin<random digits>` (chowned to
 * PLUGIN_UNIX_SOCKET_GROUP with mode 0660 when set), or on Windows / on request a TCP port on
 * 127.0.0.1 walked sequentially from PLUGIN_MIN_PORT to PLUGIN_MAX_PORT. Optional TLS server
 * wrapping (AutoMTLS or user TLS) below yamux, as Go's `tls.NewListener`.
 */
import { chmod, chown, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { readPortRange } from './env.js';
import { PluginError } from './errors.js';
import { loadTls } from './lazy-builtins.js';

/** TLS material for the plugin's server side. */
export interface ServerTls {
  readonly cert: string;
  readonly key: string;
  /** Client CA(s); when set, client certificates are required and verified. */
  readonly ca?: string | readonly string[];
}

/** A listening plugin endpoint. */
export interface PluginListener {
  readonly server: Server;
  readonly network: 'unix' | 'tcp';
  readonly address: string;
  close(): Promise<void>;
}

/** Options of {@link listen}. */
export interface ListenOptions {
  readonly network?: 'unix' | 'tcp';
  readonly tls?: ServerTls | undefined;
  /** Closes a TLS connection whose handshake has not completed in time (Node's `handshakeTimeout`). */
  readonly tlsHandshakeTimeoutMs?: number;
  /** A TLS connection failed before its handshake completed (timeout, bad certificate). */
  readonly onTlsClientError?: (err: Error) => void;
  readonly unixSocketDir?: string | undefined;
  readonly unixSocketGroup?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly onConnection: (socket: Socket | TLSSocket) => void;
}

function makeServer(opts: ListenOptions): Server {
  if (opts.tls === undefined) return createServer({ noDelay: true }, opts.onConnection);
  const { cert, key, ca } = opts.tls;
  const server = loadTls().createServer(
    {
      cert,
      key,
      minVersion: 'TLSv1.2',
      ...(opts.tlsHandshakeTimeoutMs === undefined ? {} : { handshakeTimeout: opts.tlsHandshakeTimeoutMs }),
      ...(ca === undefined ? {} : { ca: typeof ca === 'string' ? [ca] : [...ca], requestCert: true, rejectUnauthorized: true }),
    },
    opts.onConnection,
  );
  server.on('tlsClientError', (err, socket) => {
    socket.destroy(); // with a listener attached, Node leaves the socket open
    opts.onTlsClientError?.(err);
  });
  return server;
}

function listenOn(server: Server, arg: string | { port: number; host: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    if (typeof arg === 'string') server.listen(arg);
    else server.listen(arg.port, arg.host);
  });
}

async function groupId(group: string): Promise<number> {
  if (/^\d+$/.test(group)) return Number(group);
  const text = await readFile('/etc/group', 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined) return Number(gid);
  }
  throw new PluginError('LISTEN_FAILED', `failed to find gid from ${JSON.stringify(group)}: group: unknown group ${group}`);
}

/** Starts listening as go-plugin `Serve` does; the caller prints the handshake afterwards. */
export async function listen(opts: ListenOptions): Promise<PluginListener> {
  const network = opts.network ?? (process.platform === 'win32' ? 'tcp' : 'unix');
  const server = makeServer(opts);
  server.on('error', () => undefined);
  if (network === 'unix') {
    const dir = opts.unixSocketDir ?? tmpdir();
    // Go's os.CreateTemp-style name: random digits from a non-cryptographic source, as Go's.
    const path = join(dir, `plugin${Math.floor(Math.random() * 2 ** 31)}${Math.floor(Math.random() * 1000)}`);
    try {
      await listenOn(server, path);
    } catch (err) {
      throw new PluginError('LISTEN_FAILED', `plugin init error: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (opts.unixSocketGroup !== undefined) {
      await chown(path, -1, await groupId(opts.unixSocketGroup));
      await chmod(path, 0o660);
    }
    return {
      server,
      network,
      address: path,
      close: () => new Promise<void>((r) => server.close(() => r())).then(() => rm(path, { force: true })),
    };
  }
  const { min, max } = readPortRange(opts.env);
  for (let port = min; port <= max; port++) {
    try {
      await listenOn(server, { port, host: '127.0.0.1' });
      const addr = server.address();
      const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
      return { server, network, address: `127.0.0.1:${bound}`, close: () => new Promise<void>((r) => server.close(() => r())) };
    } catch {
      // Go: try the next port.
    }
  }
  throw new PluginError('LISTEN_FAILED', "couldn't bind plugin TCP listener");
}
