/**
 * Shared fixtures of the rpc conformance tests: gob descriptors matching
 * go-testbed/cmd/rpcpeer/services.go, TS implementations of the same services (for Go
 * clients), and a launcher for `rpcpeer serve`.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as gob from '../../src/gob/index.js';
import { defineService, describeService } from '../../src/rpc/service.js';
import { startGo } from '../helpers/go-peer.js';

export const Args = gob.struct('Args', { A: gob.int, B: gob.int });
export const Reply = gob.struct('Reply', { C: gob.int });
export const Quotient = gob.struct('Quotient', { Quo: gob.int, Rem: gob.int });
export const SleepArgs = gob.struct('SleepArgs', { Ms: gob.int, Tag: gob.string });
export const Inner = gob.struct('Inner', { Name: gob.string, Vals: gob.slice(gob.int) });
export const Big = gob.struct('Big', {
  S: gob.string,
  I: gob.int64,
  U: gob.uint64,
  F: gob.float64,
  B: gob.bool,
  Bytes: gob.bytes,
  Ints: gob.slice(gob.int),
  Strs: gob.slice(gob.string),
  M: gob.map(gob.string, gob.int),
  MI: gob.map(gob.string, gob.ptr(Inner)),
  P: gob.ptr(Inner),
  Arr: gob.array(gob.int, 3),
  Nested: gob.slice(Inner),
  Any: gob.interface,
  Anys: gob.slice(gob.interface),
});

/** Registry with the names rpcpeer registers (`gob.Register(Inner{})`). */
export function peerRegistry(): gob.Registry {
  const r = new gob.Registry();
  r.register('main.Inner', Inner);
  return r;
}

const arithMethods = {
  Add: { args: Args, reply: Reply },
  Mul: { args: Args, reply: Reply },
  Div: { args: Args, reply: Reply },
  String: { args: Args, reply: gob.string },
  Error: { args: Args, reply: Reply },
  Multiply: { args: Args, reply: gob.int },
  Divide: { args: Args, reply: Quotient },
  Sleep: { args: SleepArgs, reply: gob.string },
  Die: { args: gob.int, reply: gob.int },
} as const;

/** Client-side descriptions of rpcpeer's services. */
export const ArithDesc = describeService('Arith', arithMethods);
export const DottedArithDesc = describeService('net.rpc.Arith', arithMethods);
export const BuiltinDesc = describeService('BuiltinTypes', {
  Map: { args: Args, reply: gob.map(gob.int, gob.int) },
  Slice: { args: Args, reply: gob.slice(gob.int) },
  Array: { args: Args, reply: gob.array(gob.int, 2) },
});
export const EchoDesc = describeService('Echo', {
  Big: { args: Big, reply: Big },
  Bytes: { args: gob.bytes, reply: gob.bytes },
  Len: { args: gob.bytes, reply: gob.int },
});

/** The value rpcpeer's newBig() builds, in TS. */
export function newBig(): gob.Infer<typeof Big> {
  return {
    S: 'héllo, gob',
    I: -(2 ** 40),
    U: 2 ** 53 - 1,
    F: 3.25,
    B: true,
    Bytes: Uint8Array.of(0, 1, 2, 254, 255),
    Ints: [1, -2, 3, 2 ** 30],
    Strs: ['a', '', 'ccc'],
    M: new Map([
      ['one', 1],
      ['two', 2],
      ['zero', 0],
    ]),
    MI: new Map([['x', { Name: 'x', Vals: [9] }]]),
    P: { Name: 'p', Vals: [4, 5] },
    Arr: [7, 0, -7],
    Nested: [
      { Name: 'n1', Vals: [] },
      { Name: 'n2', Vals: [1] },
    ],
    Any: gob.iface(Inner, { Name: 'in-iface', Vals: [42] }, 'main.Inner'),
    Anys: [gob.iface(gob.int, 5, 'int'), gob.iface(gob.string, 'str', 'string'), gob.iface(Inner, { Name: 'z', Vals: [] }, 'main.Inner')],
  };
}

/**
 * TS implementations of rpcpeer's services, for Go clients. `hangup` is called by
 * Arith.Sleep when asked for the tag "never" (the "server drops the connection mid-call" case).
 */
export function tsServices(hangup: () => void) {
  const arith = (name: string) =>
    defineService(name, arithMethods, {
      Add: (a) => ({ C: a.A + a.B }),
      Mul: (a) => ({ C: a.A * a.B }),
      Div: (a) => {
        if (a.B === 0) throw new Error('divide by zero');
        return { C: Math.trunc(a.A / a.B) };
      },
      String: (a) => `${a.A}+${a.B}=${a.A + a.B}`,
      Error: () => {
        throw new Error('ERROR');
      },
      Multiply: (a) => a.A * a.B,
      Divide: (a) => {
        if (a.B === 0) throw new Error('divide by zero');
        return { Quo: Math.trunc(a.A / a.B), Rem: a.A % a.B };
      },
      Sleep: async (a) => {
        if (a.Tag === 'never') {
          setTimeout(hangup, 20);
          return new Promise<string>(() => undefined);
        }
        await new Promise((r) => setTimeout(r, a.Ms));
        return a.Tag;
      },
      Die: () => {
        hangup();
        return 0;
      },
    });
  return [
    arith('Arith'),
    arith('net.rpc.Arith'),
    defineService('BuiltinTypes', BuiltinDesc.methods, {
      Map: (a) => new Map([[a.A, a.B]]),
      Slice: (a) => [a.A, a.B],
      Array: (a) => [a.A, a.B],
    }),
    defineService('Echo', EchoDesc.methods, {
      Big: (b) => b,
      Bytes: (b) => b,
      Len: (b) => b.length,
    }),
  ];
}

/** Replaces GoInterface wrappers by `{ iface: name, value }` so values compare by what is on the wire. */
export function plain(v: unknown): unknown {
  if (v instanceof gob.GoInterface) return { iface: v.name, value: plain(v.value) };
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Uint8Array) return v;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** A running `rpcpeer serve`. */
export interface GoServer {
  readonly proc: ChildProcess;
  readonly addr: string;
  stop(): void;
}

/** Starts `rpcpeer serve -net <net> -addr <addr>` and waits for its address line. */
export async function startGoServer(net: 'tcp' | 'unix' | 'http', addr: string): Promise<GoServer> {
  const proc = startGo('rpcpeer', ['serve', '-net', net, '-addr', addr]);
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`rpcpeer serve exited (${code}): ${stderr}`)));
  });
  const { addr: bound } = JSON.parse(first) as { addr: string };
  return {
    proc,
    addr: bound,
    stop() {
      proc.stdin?.end();
      if (proc.exitCode === null) proc.kill();
    },
  };
}

/** host/port of "127.0.0.1:1234". */
export function tcpTarget(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i), port: Number(addr.slice(i + 1)) };
}
