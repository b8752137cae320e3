/**
 * Property: malformed input never crashes net/rpc over msgpack. Random or mutated bytes sent to
 * a TS msgpack server end its connection (or get error replies) and serving resolves; random
 * bytes sent to a TS msgpack client make its calls reject with RpcError only
 * (rpc-corruption-harness.ts). A request whose body does not fit the method's type gets an error
 * reply and the connection stays usable.
 */
import { describe, expect, it } from 'vitest';
import * as mp from '../../src/msgpack/index.js';
import { MsgpackRpcClient, mpMethod, msgpackService, serveMsgpack } from '../../src/packer/index.js';
import { RpcError } from '../../src/rpc/errors.js';
import { MsgpackRequestType } from '../../src/rpc/msgpack-codec.js';
import { duplexPair } from '../../src/testing/index.js';
import { itSurvivesMalformedInput, type CorruptionTarget } from './rpc-corruption-harness.js';

const Args = mp.struct('Args', { A: mp.int, B: mp.int });
const Arith = msgpackService('Arith', { Add: mpMethod(Args, mp.int, (a) => a.A + a.B) });

const target: CorruptionTarget<MsgpackRpcClient> = {
  validRequests: () => {
    const enc = new mp.MsgpackEncoder();
    const parts: Uint8Array[] = [];
    for (let seq = 0; seq < 3; seq++) parts.push(enc.encode(MsgpackRequestType, { ServiceMethod: 'Arith.Add', Seq: BigInt(seq) }), enc.encode(Args, { A: seq, B: 2 }));
    return Buffer.concat(parts);
  },
  serve: (conn) => serveMsgpack(conn, [Arith]).done,
  client: (conn) => new MsgpackRpcClient(conn),
  call: (client, i) => client.call('Arith.Add', Args, { A: i, B: i }, mp.int),
  close: (client) => client.close(),
};

describe('msgpack net/rpc on malformed input', () => {
  itSurvivesMalformedInput(target);

  it('a body of the wrong type gets an error reply; the next call on the connection works', async () => {
    const [a, b] = duplexPair();
    void serveMsgpack(b, [Arith]).done;
    const client = new MsgpackRpcClient(a);
    const err = await client.call('Arith.Add', mp.string, 'not args', mp.int).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as Error).message).toContain('cannot decode a str into struct Args');
    expect(await client.call('Arith.Add', Args, { A: 2, B: 3 }, mp.int)).toBe(5);
    await client.close();
  });
});
