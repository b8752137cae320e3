/**
 * Faults `go-netrpc trace` (dist/cli/main.js) makes readable, provoked by REAL Go peers: a
 * MuxBroker dial nobody accepts in both directions (go-testbed's faulthost, go-plugin v1.8.0, with
 * plugingo; mux_broker.go closes the stream after 5 s), a yamux keepalive timeout (hashicorp/yamux
 * v0.1.2 yamuxpeer pinging a peer that is SIGSTOPped or a host that reads nothing, traced with
 * --connect), the plugin's hclog JSON lines, and a reply the host cannot decode (faulthost).
 * Each host must see what it sees untraced; the text transcript must say what happened, and
 * `trace read` of the capture must print the same transcript.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { goBin, repoRoot } from '../helpers/go-peer.js';
import { runWith } from '../helpers/plugins/upstream.js';

const cli = join(repoRoot, 'dist', 'cli', 'main.js');
let dir = '';
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gonetrpc-trace-faults-'));
});
afterEach(() => {
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    c.kill('SIGKILL'); // a stopped process dies of SIGKILL too
  }
});

/**
 * `trace read` of the capture prints the live transcript `text`. go-plugin's host may SIGKILL the
 * trace before it wrote its closing lines (Control.Quit races the plugin's exit, see
 * trace-go.test.ts); the capture then reads up to there and says it was cut short.
 */
async function expectOfflineSame(capture: string, text: string): Promise<void> {
  const r = await runWith(process.execPath, [cli, 'trace', 'read', capture], { timeoutMs: 30_000 });
  expect(r.code, r.stderr).toBe(0);
  const off = r.stdout.toString();
  if (/^· \S+ ms {2}summary:/m.test(text)) expect(off).toBe(text);
  else {
    expect(off.startsWith(text), off).toBe(true);
    expect(off.slice(text.length)).toMatch(/^· \S+ ms {2}the capture stops here without the end of the trace /);
  }
}

/** faulthost's JSON result, launching plugingo directly or through the trace. */
async function faulthost(scenario: string, traced?: { out: string; capture: string }): Promise<Record<string, unknown>> {
  const plugin = traced === undefined ? [goBin('plugingo')] : [process.execPath, cli, 'trace', '--out', traced.out, '--capture', traced.capture, '--', goBin('plugingo')];
  const r = await runWith(goBin('faulthost'), ['-scenario', scenario, '--', ...plugin], { timeoutMs: 60_000 });
  const line = r.stdout.toString().trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`faulthost printed no JSON (exit ${r.code}): ${r.stdout.toString()}\n${r.stderr}`);
  }
}

describe('go-netrpc trace: faults of real Go peers, readable', () => {
  it('a MuxBroker dial nobody accepts, both directions: both Dials fail with EOF after 5 s, the transcript says which Accept was missing', async () => {
    const files = { out: join(dir, 'broker.txt'), capture: join(dir, 'broker.capture') };
    const [plain, traced] = await Promise.all([faulthost('broker-noaccept'), faulthost('broker-noaccept', files)]);
    const waits = (r: Record<string, unknown>): number[] => [Number(r['callbackWaitedS']), Number(r['dialWaitedS'])];
    const rest = (r: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(r).filter(([k]) => !k.endsWith('WaitedS')));
    for (const r of [plain, traced]) for (const s of waits(r)) expect(s).toBeGreaterThanOrEqual(4); // go-plugin's 5 s
    expect(rest(plain)).toEqual({ callbackId: 1, callbackErr: 'EOF', dialId: 102, dialErr: 'EOF', offerErr: '', greet: 'Hello, after!', greetErr: '', exited: true });
    expect(rest(traced)).toEqual(rest(plain));

    const text = await readFile(files.out, 'utf8');
    const line = (re: RegExp): string => {
      const l = text.split('\n').find((x) => re.test(x));
      expect(l, `${String(re)} in\n${text}`).toBeDefined();
      return l as string;
    };
    // The plugin dialed the host's id 1 (GreetWithCallback); nothing on the host accepted it.
    line(/^· \S+ ms {2}s\d+ opened by plugin: MuxBroker id 1 \(dialed by plugin\)$/);
    expect(line(/host sent FIN on MuxBroker id 1 /)).toMatch(
      /^! \S+ ms {2}connection 1: host sent FIN on MuxBroker id 1 after \d+ ms without accepting it: nothing on the host side called Accept\(1\) within go-plugin's 5 s, so its broker closed the stream and the plugin's Dial\(1\) fails with EOF/,
    );
    line(/^← \S+ ms {2}s\d+ #\d+ error "EOF"$/); // GreetWithCallback's reply, paired with its call
    // The host dialed id 102; the plugin accepts only the adder's id 2.
    line(/^← \S+ ms {2}s\d+ #\d+ 2$/); // OfferAdder's reply: id 2
    line(/^· \S+ ms {2}s\d+ opened by host: MuxBroker id 102 \(dialed by host\)$/);
    line(/^! \S+ ms {2}connection 1: plugin sent FIN on MuxBroker id 102 after \d+ ms without accepting it: nothing on the plugin side called Accept\(102\) .* the host's Dial\(102\) fails with EOF/);
    // … and the plugin's own side of it: Accept(2) timed out, logged by go-plugin on its stderr.
    line(/plugin stderr: .*plugin acceptAndServe error: timeout waiting for accept$/);
    line(/^→ \S+ ms {2}s\d+ #\d+ Plugin\.Greet "after"$/);
    await expectOfflineSame(files.capture, text);
  });

  it("the plugin's hclog JSON lines (plugingo's logger and go-plugin's own) as hclog text", async () => {
    const files = { out: join(dir, 'hclog.txt'), capture: join(dir, 'hclog.capture') };
    const [plain, traced] = await Promise.all([faulthost('hclog'), faulthost('hclog', files)]);
    expect(plain).toEqual({ printErr: '', exited: true });
    expect(traced).toEqual(plain);
    const text = await readFile(files.out, 'utf8');
    const stderr = text.split('\n').filter((l) => / plugin stderr/.test(l));
    expect(stderr).toContainEqual(expect.stringMatching(/^· \S+ ms {2}plugin stderr: \[DEBUG\] testbed plugin starting: versions=1$/));
    expect(stderr).toContainEqual(expect.stringMatching(/^· \S+ ms {2}plugin stderr: \[DEBUG\] plugin address: address=\/\S+ network=unix$/));
    expect(stderr).toContainEqual(expect.stringMatching(/^· \S+ ms {2}plugin stderr: \[INFO\] print called: text="hello from faulthost"$/));
    expect(stderr).toContainEqual(expect.stringMatching(/^· \S+ ms {2}plugin stderr \(stream\): hello from faulthost$/));
    expect(stderr.filter((l) => l.includes('{"@'))).toEqual([]); // no hclog JSON left raw
    await expectOfflineSame(files.capture, text);
  });
});

describe('go-netrpc trace: a reply the Go host cannot decode', () => {
  it("shows the reply as sent (an int where the host expects a string), and whether the host's next call went out", async () => {
    const files = { out: join(dir, 'mismatch.txt'), capture: join(dir, 'mismatch.capture') };
    const [plain, traced] = await Promise.all([faulthost('reply-mismatch'), faulthost('reply-mismatch', files)]);
    // Go's net/rpc client races its reader: a Greet sent before the reader shut the client down
    // is written and then fails with the reader's (sticky) gob error; one sent after fails with
    // ErrShutdown without being written. Traced or not, the host sees one of the two.
    const shutdown = 'connection is shut down';
    const outcomes = [shutdown, 'gob: decoding into local type *string, received remote type int'];
    for (const r of [plain, traced]) {
      expect(r).toEqual({ versionErr: 'reading body gob: decoding into local type *string, received remote type int', greetErr: r['greetErr'], exited: true });
      expect(outcomes).toContain(r['greetErr']);
    }
    const text = await readFile(files.out, 'utf8');
    const call = /^→ \S+ ms {2}(s\d+ #\d+) Plugin\.Version ""$/m.exec(text);
    expect(call, text).not.toBeNull();
    expect(text).toMatch(new RegExp(`^← \\S+ ms {2}${(call as RegExpExecArray)[1]} 1$`, 'm')); // the int the host could not decode
    if (traced['greetErr'] === shutdown) expect(text).not.toContain('Plugin.Greet'); // failed without being sent
    else expect(text).toMatch(/^→ \S+ ms {2}s\d+ #\d+ Plugin\.Greet /m); // sent before the client shut down
    await expectOfflineSame(files.capture, text);
  });
});

/**
 * The peers' ConnectionWriteTimeout: short, yet far above the trace's MIN_KEEPALIVE_CLOSE_MS even
 * when a loaded machine delays the trace reading the ping (it stamps bytes when it reads them).
 */
const ANSWER_MS = 1500;

/** Starts a program and resolves to it and its first stdout line. */
async function firstLine(cmd: string, args: string[]): Promise<{ child: ChildProcess; line: string; lines: AsyncIterableIterator<string>; stderr: () => string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) throw new Error(`${cmd} printed nothing: ${err}`);
  return { child, line: first.value, lines, stderr: () => err };
}

/**
 * A yamux client (keepalive every 100 ms, ANSWER_MS for the answer) dials `addr`, whose server was
 * SIGSTOPped before: resolves to the client's first event and its stderr.
 */
async function pingStoppedPeer(dial: string): Promise<{ event: string; stderr: string }> {
  const client = await firstLine(goBin('yamuxpeer'), ['-role', 'client', '-dial', dial, '-mode', 'idle', '-hold-ms', '60000', '-keepalive-ms', '100', '-write-timeout-ms', String(ANSWER_MS)]);
  const event = client.line;
  client.child.kill('SIGKILL');
  await once(client.child, 'exit');
  return { event, stderr: client.stderr() };
}

/** A yamux server on a fresh unix socket, SIGSTOPped once it listens (a hung plugin). */
async function stoppedServer(name: string): Promise<{ child: ChildProcess; addr: string }> {
  const s = await firstLine(goBin('yamuxpeer'), ['-role', 'server', '-listen', `unix:${join(dir, name)}`, '-mode', 'idle', '-hold-ms', '60000', '-no-keepalive']);
  const ev = JSON.parse(s.line) as { event: string; addr: string };
  expect(ev.event).toBe('listening');
  s.child.kill('SIGSTOP');
  return { child: s.child, addr: `unix:${ev.addr}` };
}

describe('go-netrpc trace: a yamux keepalive timeout of a real Go peer', () => {
  it('the host side gives up on a stopped peer: same close as untraced, the transcript names the keepalive timeout', async () => {
    const direct = await stoppedServer('direct.sock');
    const plain = await pingStoppedPeer(direct.addr);
    expect(plain.event).toBe('{"event":"session-closed"}');
    expect(plain.stderr).toContain('[ERR] yamux: keepalive failed: i/o deadline reached');

    const server = await stoppedServer('traced.sock');
    const out = join(dir, 'keepalive.txt');
    const capture = join(dir, 'keepalive.capture');
    const trace = await firstLine(process.execPath, [cli, 'trace', '--connect', server.addr, '--out', out, '--capture', capture]);
    const traced = await pingStoppedPeer(trace.line);
    expect(traced.event).toBe(plain.event);
    expect(traced.stderr).toContain('[ERR] yamux: keepalive failed: i/o deadline reached');
    server.child.kill('SIGKILL');
    trace.child.kill('SIGTERM');
    await once(trace.child, 'exit');

    const text = await readFile(out, 'utf8');
    const lines = text.split('\n');
    const i = lines.findIndex((l) => / host sent keepalive ping \d+, then closed the connection \d+ ms later/.test(l));
    expect(i, text).toBeGreaterThanOrEqual(0);
    expect(lines[i]).toMatch(
      /^! \S+ ms {2}connection 1: host sent keepalive ping \d+, then closed the connection \d+ ms later without an answer from the plugin: a keepalive timeout \(Go's yamux logs "\[ERR\] yamux: keepalive failed" .*the plugin stopped reading its connection: is it hung, stopped \(SIGSTOP, a debugger\) or overloaded\?$/,
    );
    expect(lines[i + 1]).toMatch(/^· \S+ ms {2}connection 1 closed: the host closed it$/);
    await expectOfflineSame(capture, text);
  });

  it('the plugin side gives up on a host that stopped reading: same close as untraced, named in the transcript', async () => {
    // A yamux server pinging every 100 ms (ANSWER_MS for the answer) and a host that connects and
    // then reads nothing (a hung host: nothing answers the pings).
    const pinger = async (name: string): Promise<{ child: ChildProcess; addr: string; lines: AsyncIterableIterator<string>; stderr: () => string }> => {
      const s = await firstLine(goBin('yamuxpeer'), ['-role', 'server', '-listen', `unix:${join(dir, name)}`, '-mode', 'idle', '-hold-ms', '60000', '-keepalive-ms', '100', '-write-timeout-ms', String(ANSWER_MS)]);
      return { ...s, addr: `unix:${(JSON.parse(s.line) as { addr: string }).addr}` };
    };
    const silentHost = async (addr: string): Promise<Socket> => {
      const sock = connect({ path: addr.slice('unix:'.length) });
      await once(sock, 'connect');
      sock.pause();
      sock.on('error', () => undefined);
      return sock;
    };
    const outcome = async (p: Awaited<ReturnType<typeof pinger>>): Promise<{ event: string; stderr: string }> => {
      const next = await p.lines.next();
      p.child.kill('SIGKILL');
      await once(p.child, 'exit');
      return { event: next.done === true ? '' : next.value, stderr: p.stderr() };
    };

    const direct = await pinger('pinger-direct.sock');
    const plainHost = await silentHost(direct.addr);
    const plain = await outcome(direct);
    plainHost.destroy();
    expect(plain.event).toBe('{"event":"session-closed"}');
    expect(plain.stderr).toContain('[ERR] yamux: keepalive failed: i/o deadline reached');

    const server = await pinger('pinger-traced.sock');
    const capture = join(dir, 'keepalive-plugin.capture');
    const trace = await firstLine(process.execPath, [cli, 'trace', '--connect', server.addr, '--capture', capture]); // transcript on stderr
    const host = await silentHost(trace.line);
    const traced = await outcome(server);
    expect(traced.event).toBe(plain.event);
    expect(traced.stderr).toContain('[ERR] yamux: keepalive failed: i/o deadline reached');
    host.destroy();
    trace.child.kill('SIGTERM');
    await once(trace.child, 'exit');

    const text = trace.stderr();
    expect(text).toMatch(
      /^! \S+ ms {2}connection 1: plugin sent keepalive ping \d+, then closed the connection \d+ ms later without an answer from the host: a keepalive timeout .*the host stopped reading its connection: is it hung, stopped \(SIGSTOP, a debugger\) or overloaded\?\n· \S+ ms {2}connection 1 closed: the plugin closed it$/m,
    );
    await expectOfflineSame(capture, text);
  });
});
