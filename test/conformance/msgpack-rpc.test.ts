/**
 * net/rpc with the msgpack codec against Go's net/rpc + ugorji `codec.GoRpc` (Packer's
 * transport), in both ugorji dialects and both directions: a TS client calls the Go server
 * (go-testbed cmd msgpackrpc12 / msgpackrpc2015), and the Go client calls a TS server.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import * as mp from 'go-netrpc/msgpack';
import { MsgpackRpcClient, mpMethod, msgpackService, serveMsgpack } from 'go-netrpc/packer';
import { RpcError } from 'go-netrpc/rpc';
import { goBin, runProgram } from '../helpers/go-peer.js';

const Args = mp.struct('Args', { A: mp.int, B: mp.int });
const Reply = mp.struct('Reply', { Sum: mp.int, Product: mp.int64, Note: mp.string, Raw: mp.bytes, When: mp.time });
const AnyMap = mp.map(mp.any);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe.each([
  ['ugorji-1.2', 'msgpackrpc12'],
  ['ugorji-2015', 'msgpackrpc2015'],
] as const)('msgpack net/rpc, %s', (dialect, prog) => {
  it('a TS client calls a Go net/rpc server', async () => {
    const child = spawn(goBin(prog), ['serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => child.kill('SIGKILL'));
    const addr = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    const [host, port] = addr.split(':');
    const sock = net.connect(Number(port), host);
    const c = new MsgpackRpcClient(sock, { dialect });
    const r = await c.call('Arith.Add', Args, { A: 200, B: -70000 }, Reply);
    expect(r).toEqual({ Sum: -69800, Product: -14000000, Note: '200+-70000', Raw: new Uint8Array([1, 2]), When: new mp.GoTimestamp(1700000000n, 5) });
    const err = await c.call('Arith.Fail', mp.string, 'no luck', mp.int).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).message).toContain('no luck');
    expect(await c.call('Arith.Echo', AnyMap, { k: 'v', n: 42.5, nested: { list: [1.5, 'x', null] } }, AnyMap)).toEqual({ k: 'v', n: 42.5, nested: { list: [1.5, 'x', null] } });
    await c.close();
  });

  it('the Go net/rpc client calls a TS server', async () => {
    const Arith = msgpackService('Arith', {
      Add: mpMethod(Args, Reply, (a) => ({ Sum: a.A + a.B, Product: a.A * a.B, Note: `${a.A}+${a.B}`, Raw: new Uint8Array([1, 2]), When: new mp.GoTimestamp(1700000000n, 5) })),
      Fail: mpMethod(mp.string, mp.int, (msg) => {
        throw new Error(msg);
      }),
      Echo: mpMethod(AnyMap, AnyMap, (m) => m),
    });
    const listener = net.createServer((sock) => void serveMsgpack(sock, [Arith], { dialect }).done);
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => listener.close());
    const { port } = listener.address() as net.AddressInfo;
    const r = await runProgram(goBin(prog), ['call', `127.0.0.1:${port}`]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.toString('utf8'))).toEqual({
      add: { err: '<nil>', sum: -69800, product: -14000000, note: '200+-70000', raw: 'AQI=', when: '1700000000000000005' },
      fail: 'no luck',
      echo: { err: '<nil>', k: 'v', n: '42.5' },
    });
  });
});
