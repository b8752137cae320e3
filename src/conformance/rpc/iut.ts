/**
 * The go-netrpc IUT of `conformance rpc` (`go-netrpc conformance rpc-iut`): go-netrpc/rpc's
 * Server serving the conformance service Conf (server role), or go-netrpc/rpc's Client running
 * the duty's scenarios against the kit (client role) — what go-testbed/cmd/rpciut does with Go's
 * net/rpc. With a fault it is the deliberately broken IUT of the kit's self-test.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { bool, bytes, int64, string as gobString } from '../../gob/index.js';
import { Client, GobClientCodec, GobServerCodec, Server, defineService } from '../../rpc/index.js';
import { ConformanceError } from '../errors.js';
import { parseHostPort } from '../net.js';
import { type Fault, faultShim, faultyClientCodec, faultyServerCodec } from './faults.js';
import { Args, MAX_BIG, MAX_DELAY_MS, Payload, Report, byteSum, pattern, type Scenario } from './service.js';

export interface RpcIutOptions {
  readonly role: 'server' | 'client';
  /** Server role: where to listen (default 127.0.0.1:0). Client role: the kit's address. */
  readonly address?: string;
  readonly fault?: Fault;
  /** Receives "listening HOST:PORT" (server role). */
  readonly announce: (line: string) => void;
}

const Conf = defineService(
  'Conf',
  {
    Add: { args: Args, reply: int64 },
    Echo: { args: Payload, reply: Payload },
    Delay: { args: int64, reply: int64 },
    Fail: { args: gobString, reply: gobString },
    Big: { args: int64, reply: bytes },
  },
  {
    Add: (a) => a.A + a.B,
    Echo: (p) => p,
    Delay: async (ms, ctx) => {
      if (ms < 0 || ms > MAX_DELAY_MS) throw new Error('delay out of range');
      await sleep(ms, undefined, { signal: ctx.signal }).catch(() => undefined);
      return ms;
    },
    Fail: (msg) => {
      throw new Error(msg);
    },
    Big: (n) => {
      if (n < 0 || n > MAX_BIG) throw new Error('size out of range');
      return pattern(n);
    },
  },
);

async function serve(o: RpcIutOptions): Promise<void> {
  const server = new Server();
  server.register(Conf);
  const open = new Set<Socket>();
  // allowHalfOpen: a client that half-closes still gets the replies in flight (case 6.1: Go keeps
  // writing after it read EOF). Node's default net.Server ends such a socket at once.
  const listener = createServer({ allowHalfOpen: true }, (sock) => {
    sock.setNoDelay(true);
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (o.fault === 'die-on-reset' && err.code === 'ECONNRESET') process.exit(3);
    });
    open.add(sock);
    sock.once('close', () => open.delete(sock));
    if (o.fault === 'max-conns-10' && open.size > 10) return void sock.destroy();
    if (o.fault === 'idle-timeout') sock.setTimeout(500, () => sock.destroy());
    void server.serveCodec(faultyServerCodec(new GobServerCodec(faultShim(sock, o.fault)), o.fault)).catch(() => undefined);
  });
  const { host, port } = parseHostPort(o.address ?? '127.0.0.1:0');
  await new Promise<void>((resolve) => listener.listen(port, host, resolve));
  const a = listener.address();
  o.announce(`listening ${typeof a === 'object' && a !== null ? `${a.address}:${a.port}` : String(a)}`);
  await once(listener, 'close');
}

function dialKit(address: string): Promise<Socket | undefined> {
  const { host, port } = parseHostPort(address);
  return new Promise((resolve) => {
    const s = createConnection(port, host);
    s.once('connect', () => {
      s.setNoDelay(true);
      s.on('error', () => undefined);
      resolve(s);
    });
    s.once('error', () => resolve(undefined));
  });
}

const line = async (p: Promise<string>): Promise<string> => p.then((v) => `ok ${v}`, (e: Error) => `err ${e.message}`);

function scenario(c: Client, name: string): Promise<string[]> {
  const add = (a: number, b: number): Promise<string> => line(c.call('Conf.Add', { A: a, B: b }, Args, int64).then(String));
  switch (name as Scenario) {
    case 'seq':
      return (async () => [await add(1, 2), await add(3, 4), await add(5, 6)])();
    case 'concurrent':
      return Promise.all(Array.from({ length: 20 }, (_, i) => add(i, 1000)));
    case 'out-of-order':
      return Promise.all([3, 2, 1].map((ms) => line(c.call('Conf.Delay', ms, int64, int64).then(String))));
    case 'error':
      return (async () => [await line(c.call('Conf.Fail', 'boom: 42', gobString, gobString)), await add(2, 2)])();
    case 'two':
      return (async () => [await add(1, 1), await add(2, 2)])();
    case 'server-close':
      return (async () => [await line(c.call('Conf.Delay', 60_000, int64, int64).then(String)), await add(1, 1)])();
    case 'big':
      return (async () => [
        await line(c.call('Conf.Echo', { Text: 'big', Data: pattern(1 << 20) }, Payload, Payload).then((p) => `${p.Text} ${p.Data.length} ${byteSum(p.Data)}`)),
        await line(c.call('Conf.Big', 2 << 20, int64, bytes).then((b) => `${b.length} ${byteSum(b)}`)),
      ])();
    case 'close':
      return (async () => [await add(1, 1)])();
    case 'close-pending':
      return (async () => {
        const pending = line(c.call('Conf.Delay', 60_000, int64, int64).then(String));
        await c.close();
        return [await pending];
      })();
  }
  return Promise.resolve([`err unknown scenario ${name}`]);
}

async function client(o: RpcIutOptions): Promise<void> {
  const address = o.address;
  if (address === undefined) throw new ConformanceError('USAGE', 'rpc-iut --role client needs RPC_CONFORMANCE_DIAL (or --dial)');
  const connect = async (): Promise<Client | undefined> => {
    const s = await dialKit(address);
    return s === undefined ? undefined : new Client(faultyClientCodec(new GobClientCodec(faultShim(s, o.fault)), o.fault));
  };
  for (;;) {
    const c = await connect();
    if (c === undefined) return; // the kit is done
    let name: string;
    try {
      name = await c.call('Conf.Next', '', gobString, gobString);
    } catch {
      await c.close();
      continue;
    }
    if (name === '') return void (await c.close());
    const lines = await scenario(c, name);
    if (o.fault !== 'no-close') await c.close();
    const r = await connect();
    if (r === undefined) return;
    await r.call('Conf.Report', { Scenario: name, Lines: lines }, Report, bool).catch(() => undefined);
    await r.close();
  }
}

/** Runs the IUT until it is killed (server role) or the kit stops accepting (client role). */
export async function runRpcIut(o: RpcIutOptions): Promise<void> {
  await (o.role === 'server' ? serve(o) : client(o));
}
