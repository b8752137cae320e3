/**
 * Property: malformed input never crashes the rpc layer over gob. Random or mutated bytes sent to
 * a TS server end its connection (or get error replies) and `serveConn` resolves; random bytes
 * sent to a TS client make its calls reject with RpcError only (rpc-corruption-harness.ts).
 */
import { describe } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Client } from '../../src/rpc/client.js';
import { createClient } from '../../src/rpc/connect.js';
import { RequestType } from '../../src/rpc/gob-codec.js';
import { Server } from '../../src/rpc/server.js';
import { defineService } from '../../src/rpc/service.js';
import { itSurvivesMalformedInput, type CorruptionTarget } from './rpc-corruption-harness.js';

const Args = gob.struct('Args', { A: gob.int, B: gob.int });

const target: CorruptionTarget<Client> = {
  validRequests: () => {
    const enc = new gob.Encoder();
    const parts: Uint8Array[] = [];
    for (let seq = 0; seq < 3; seq++) {
      parts.push(enc.encode({ ServiceMethod: 'Arith.Add', Seq: seq }, RequestType), enc.encode({ A: seq, B: 2 }, Args));
    }
    return Buffer.concat(parts);
  },
  serve: (conn) => {
    const server = new Server();
    server.register(defineService('Arith', { Add: { args: Args, reply: gob.int } }, { Add: (a) => a.A + a.B }));
    return server.serveConn(conn);
  },
  client: (conn) => createClient(conn),
  call: (client, i) => client.call('Arith.Add', { A: i, B: i }, Args, gob.int),
  close: (client) => client.close(),
};

describe('rpc on malformed input', () => {
  itSurvivesMalformedInput(target);
});
