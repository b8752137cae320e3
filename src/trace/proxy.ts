/**
 * The tracing proxy: launches the real plugin with the host's environment, reads its handshake
 * line (go-plugin client.go `Start`), listens on its own socket of the same network type, prints
 * a handshake pointing at itself and relays every connection both ways unchanged while decoding
 * a copy (relay-server.ts, session-tap.ts). A host that sets PACKER_PLUGIN_MAGIC_COOKIE is Packer:
 * its plugin's 3- or 4-field handshake is relayed with only the address changed and the session is
 * decoded as Packer's (msgpack). Under AutoMTLS it terminates TLS on both sides: the host sees the
 * proxy's certificate in the handshake, the plugin gets the proxy's certificate as
 * PLUGIN_CLIENT_CERT. The plugin's stdout after the handshake and its stderr are passed through
 * to the proxy's own stdout/stderr, as the host expects to read them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { MAGIC_COOKIE_KEY as PACKER_COOKIE_KEY, parsePackerHandshake } from '../packer/index.js';
import { formatHandshake, generateCert, parseHandshake, type AutoMtlsCert, type Handshake } from '../plugin/index.js';
import { hostEnv } from './env-view.js';
import { guardOrphan } from './orphan-guard.js';
import { RelayServer, type Listening, type TraceOutputOptions } from './relay-server.js';

/** Options of {@link tracePlugin}. */
export interface TraceOptions extends TraceOutputOptions {
  /** The plugin command and its arguments. */
  readonly command: string;
  readonly args?: readonly string[];
  /** The environment the host gave us (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** The handshake channel to the host (default process.stdout). */
  readonly stdout?: Writable;
  /** Where the plugin's own stderr is passed through to the host (default process.stderr). */
  readonly stderr?: Writable;
  /** The host's magic cookie variable, shown with the env (default: guessed from the env order). */
  readonly cookieKey?: string;
  /** Pass SIGTERM and SIGHUP on to the plugin and ignore SIGINT as go-plugin plugins do (CLI use). */
  readonly forwardSignals?: boolean;
}

/** How the plugin ended. */
export interface TraceResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const MAX_LINE = 64 * 1024; // Go bufio.Scanner's default max token, as go-plugin reads stdout.

/** Splits a byte stream into lines (bounded), calling `line` for each. */
function lineSplitter(line: (s: string) => void): { push(b: Buffer): void; end(): void } {
  let buf = '';
  return {
    push(b) {
      buf += b.toString('utf8');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        line(buf.slice(0, nl).replace(/\r$/, ''));
        buf = buf.slice(nl + 1);
      }
      if (buf.length > MAX_LINE) {
        line(buf);
        buf = '';
      }
    },
    end() {
      if (buf !== '') line(buf);
      buf = '';
    },
  };
}

/** Runs `command` as a traced plugin until it exits. */
export async function tracePlugin(opts: TraceOptions): Promise<TraceResult> {
  const relayServer = new RelayServer(opts);
  const { now, emit, flush } = relayServer;
  const env = opts.env ?? process.env;
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;

  emit({ kind: 'start', t: now(), command: [opts.command, ...(opts.args ?? [])] });
  for (const [name, value] of hostEnv(env, opts.cookieKey)) emit({ kind: 'env', t: now(), name, value });

  const hostCertPem = env['PLUGIN_CLIENT_CERT'];
  const own: AutoMtlsCert | undefined = hostCertPem === undefined || hostCertPem === '' ? undefined : generateCert();
  const childEnv = { ...env, ...(own === undefined ? {} : { PLUGIN_CLIENT_CERT: own.certPem }) };

  const child: ChildProcess = spawn(opts.command, [...(opts.args ?? [])], { env: childEnv, stdio: ['inherit', 'pipe', 'pipe'] });
  const stopGuard = guardOrphan(child.pid);
  const forward = (sig: NodeJS.Signals) => (): void => {
    emit({ kind: 'note', t: now(), message: `trace got ${sig}${sig === 'SIGINT' ? ' (ignored, as go-plugin plugins do)' : ', passing it to the plugin'}` });
    if (sig !== 'SIGINT') child.kill(sig);
  };
  const handlers = (['SIGTERM', 'SIGHUP', 'SIGINT'] as const).map((sig) => [sig, forward(sig)] as const);
  if (opts.forwardSignals === true) for (const [sig, fn] of handlers) process.on(sig, fn);
  let started = true;
  const exited = new Promise<TraceResult>((resolve) => {
    child.on('error', (err) => {
      started = false;
      emit({ kind: 'note', t: now(), message: `cannot start the plugin: ${err.message}` });
      resolve({ code: 1, signal: null });
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });

  // stdout: the first line is the handshake; later bytes pass through to the host unchanged.
  let first = true;
  let chain = Promise.resolve();
  const stdoutLines = lineSplitter((line) => emit({ kind: 'stdout', t: now(), line, via: 'pipe' }));
  let head = Buffer.alloc(0);
  // A host that sets Packer's magic cookie is Packer: its plugins print Packer's handshake.
  const packer = (env[PACKER_COOKIE_KEY] ?? '') !== '';
  const onHandshake = async (line: string): Promise<void> => {
    const f = line.trim().split('|');
    let h: Listening;
    try {
      h = packer
        ? { ...parsePackerHandshake(line), protocol: 'netrpc' }
        : parseHandshake(line, { appVersions: [Number(f[1])], allowedProtocols: [f[4] === undefined || f[4] === '' ? 'netrpc' : f[4]] });
    } catch (err) {
      emit({ kind: 'handshake', t: now(), line, relayed: line, error: err instanceof Error ? err.message : String(err) });
      flush();
      stdout.write(`${line}\n`);
      return;
    }
    let relayed: string;
    try {
      const mtls = own !== undefined && hostCertPem !== undefined ? { own, hostCertPem } : undefined;
      const address = await relayServer.listen(h, packer ? 'packer' : 'go-plugin', mtls, env['PLUGIN_UNIX_SOCKET_DIR'] ?? tmpdir());
      // Packer's line (`5|unix|ADDR` or `5|0|unix|ADDR`) ends with the address: only it changes.
      relayed = packer
        ? `${line.trim().slice(0, -h.address.length)}${address}\n`
        : formatHandshake({ ...(h as Handshake), address, serverCertDer: own !== undefined && h.serverCertDer !== undefined ? own.certDer : h.serverCertDer });
    } catch (err) {
      emit({ kind: 'note', t: now(), message: `cannot listen for the host: ${err instanceof Error ? err.message : String(err)}; passing the plugin's handshake through` });
      relayed = `${line}\n`;
    }
    emit({ kind: 'handshake', t: now(), line, relayed: relayed.trimEnd() });
    flush();
    stdout.write(relayed);
  };
  child.stdout?.on('data', (b: Buffer) => {
    if (!first) {
      if (!stdout.write(b)) {
        child.stdout?.pause();
        stdout.once('drain', () => child.stdout?.resume());
      }
      stdoutLines.push(b);
      return;
    }
    head = Buffer.concat([head, b]);
    const nl = head.indexOf(0x0a);
    if (nl < 0 && head.length <= MAX_LINE) return;
    first = false;
    const end = nl < 0 ? head.length : nl;
    const line = head.subarray(0, end).toString('utf8').replace(/\r$/, '');
    const rest = head.subarray(Math.min(head.length, end + 1));
    head = Buffer.alloc(0);
    child.stdout?.pause();
    chain = onHandshake(line).finally(() => {
      if (rest.length > 0) {
        stdout.write(rest);
        stdoutLines.push(rest);
      }
      child.stdout?.resume();
    });
  });
  child.stdout?.on('end', () => {
    if (first && head.length > 0) {
      first = false;
      chain = onHandshake(head.toString('utf8'));
    }
    stdoutLines.end();
  });

  const stderrLines = lineSplitter((line) => emit({ kind: 'stderr', t: now(), line, via: 'pipe' }));
  child.stderr?.on('data', (b: Buffer) => {
    if (!stderr.write(b)) {
      child.stderr?.pause();
      stderr.once('drain', () => child.stderr?.resume());
    }
    stderrLines.push(b);
    flush();
  });
  child.stderr?.on('end', () => stderrLines.end());

  const result = await exited;
  for (const [sig, fn] of handlers) process.off(sig, fn);
  stopGuard();
  await chain;
  if (started) emit({ kind: 'exit', t: now(), code: result.code, signal: result.signal });
  await relayServer.close();
  return result;
}
