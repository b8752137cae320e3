/**
 * Host side dialing (go-plugin `Client.dialer` + `Client.Start`'s TLS setup): connect to the
 * handshake address over unix or TCP (keep-alive on TCP), optionally wrapped in TLS with the
 * host certificate, the plugin certificate as the only trusted root and ServerName `localhost`
 * (AutoMTLS), or a user TLS config. TLS sits below yamux.
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { debug } from '../internal/debug.js';
import { PluginError } from './errors.js';
import { loadTls } from './lazy-builtins.js';

const log = debug('plugin');

/** Client TLS material (Go `ClientConfig.TLSConfig`, or what AutoMTLS builds). */
export interface ClientTls {
  readonly cert?: string;
  readonly key?: string;
  /** Trusted CA(s) for the plugin's certificate. */
  readonly ca?: string | readonly string[];
  /** Go sets ServerName "localhost" for AutoMTLS. */
  readonly servername?: string;
}

function connectPlain(network: 'unix' | 'tcp', address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let socket: Socket;
    if (network === 'unix') socket = netConnect({ path: address });
    else {
      const idx = address.lastIndexOf(':');
      const host = address.slice(0, idx).replace(/^\[|\]$/g, '');
      socket = netConnect({ host, port: Number(address.slice(idx + 1)) });
      socket.setKeepAlive(true);
    }
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * Logs a transport error at debug, except the EPIPE / ECONNRESET a host sees while it is shutting
 * the plugin down itself (the plugin exits after replying to Control.Quit; late writes fail).
 */
function transportErrorLogger(what: string, hostClosing: () => boolean): (err: NodeJS.ErrnoException) => void {
  return (err) => {
    if (hostClosing() && (err.code === 'EPIPE' || err.code === 'ECONNRESET')) return;
    log('%s: %s', what, err.message);
  };
}

/** Dials the plugin; throws PluginError CONNECT_FAILED. `hostClosing` tells expected transport errors apart. */
export async function dialPlugin(network: 'unix' | 'tcp', address: string, tls?: ClientTls, hostClosing: () => boolean = () => false): Promise<Socket | TLSSocket> {
  let socket: Socket;
  try {
    socket = await connectPlain(network, address);
  } catch (err) {
    throw new PluginError('CONNECT_FAILED', `error connecting to plugin at ${network}:${address}: ${(err as Error).message}`, { cause: err });
  }
  // Later transport errors surface as the session closing; keep them from being unhandled.
  socket.on('error', transportErrorLogger('plugin socket error', hostClosing));
  if (tls === undefined) return socket;
  return new Promise((resolve, reject) => {
    let t: TLSSocket;
    try {
      t = loadTls().connect({
        socket,
        minVersion: 'TLSv1.2',
        servername: tls.servername ?? 'localhost',
        ...(tls.cert === undefined ? {} : { cert: tls.cert }),
        ...(tls.key === undefined ? {} : { key: tls.key }),
        ...(tls.ca === undefined ? {} : { ca: typeof tls.ca === 'string' ? [tls.ca] : [...tls.ca] }),
      });
    } catch (err) {
      socket.destroy();
      reject(new PluginError('CONNECT_FAILED', `invalid TLS configuration: ${(err as Error).message}`, { cause: err }));
      return;
    }
    t.once('secureConnect', () => {
      t.off('error', onError);
      t.on('error', transportErrorLogger('plugin TLS error', hostClosing));
      resolve(t);
    });
    const onError = (err: Error): void => {
      socket.destroy();
      reject(new PluginError('CONNECT_FAILED', `TLS handshake with plugin failed: ${err.message}`, { cause: err }));
    };
    t.once('error', onError);
  });
}
