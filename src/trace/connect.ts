/**
 * `go-netrpc trace --connect ADDR`: traces a plugin the host reattaches to instead of launching
 * (go-plugin client.go `ReattachConfig`; a plugin started by hand or by a test harness with
 * `PLUGIN_…` reattach settings). Nothing is launched: the proxy listens on its own socket of the
 * same network type, writes `NETWORK:ADDRESS` of that socket as one line to `stdout` (give it to
 * the host as its reattach address, with the plugin's pid), and relays each connection there to
 * ADDR unchanged while decoding a copy, until `signal` aborts; then it writes the summary.
 */
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { TraceError } from './errors.js';
import { RelayServer, type Listening, type TraceOutputOptions } from './relay-server.js';

/** Options of {@link traceConnect}. */
export interface TraceConnectOptions extends TraceOutputOptions {
  /** The plugin's reattach address: `unix:/path`, `tcp:host:port` or `host:port`. */
  readonly address: string;
  /** Where the proxy's own `NETWORK:ADDRESS` line goes (default process.stdout). */
  readonly stdout?: Writable;
  /** Ends the trace (the CLI aborts on SIGINT/SIGTERM). */
  readonly signal: AbortSignal;
}

/** Parses a reattach address; throws TraceError USAGE. */
export function parseReattachAddress(address: string): Listening {
  const m = /^(unix|tcp):(.+)$/.exec(address);
  const [network, addr]: ['unix' | 'tcp', string] = m === null ? ['tcp', address] : [m[1] as 'unix' | 'tcp', m[2] as string];
  if (network === 'tcp' && !/^[^:]*:\d+$/.test(addr) && !/^\[.*\]:\d+$/.test(addr)) {
    throw new TraceError('USAGE', `--connect needs unix:/path, tcp:host:port or host:port, got ${JSON.stringify(address)}`);
  }
  return { network, address: addr, protocol: 'netrpc' };
}

/** Traces connections to a running plugin until `signal` aborts. */
export async function traceConnect(opts: TraceConnectOptions): Promise<void> {
  const target = parseReattachAddress(opts.address);
  const relayServer = new RelayServer(opts);
  const { now, emit, flush } = relayServer;
  emit({ kind: 'note', t: now(), message: `trace: relaying to the running plugin at ${target.network}:${target.address}` });
  let mine: string;
  try {
    mine = `${target.network}:${await relayServer.listen(target, 'go-plugin', undefined, tmpdir())}`;
  } catch (err) {
    emit({ kind: 'note', t: now(), message: `cannot listen for the host: ${err instanceof Error ? err.message : String(err)}` });
    await relayServer.close();
    throw new TraceError('IO_FAILED', `cannot listen for the host: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  emit({ kind: 'note', t: now(), message: `trace: reattach the host to ${mine}` });
  flush();
  (opts.stdout ?? process.stdout).write(`${mine}\n`);
  if (!opts.signal.aborted) await new Promise<void>((resolve) => opts.signal.addEventListener('abort', () => resolve(), { once: true }));
  emit({ kind: 'note', t: now(), message: 'trace: stopped' });
  await relayServer.close();
}
