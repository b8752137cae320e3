/**
 * MessageWriter (the rpc codecs' stand-in for Go's bufio.Writer + Flush) and how the gob codec
 * uses it: urgent messages (a lone call, a server's last owed reply) reach the transport
 * synchronously, other messages of one tick share one write on the next tick, large parts
 * keep their order, and the bytes are exactly those of a plain gob Encoder.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { MessageWriter } from '../../../src/rpc/message-writer.js';
import { GobClientCodec, RequestType } from '../../../src/rpc/gob-codec.js';
import { duplexPair } from '../../../src/testing/index.js';

/** A Writable recording every write() it receives, as separate chunks. */
function recorder(): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      writes.push(Buffer.from(chunk));
      cb();
    },
  });
  return { stream, writes };
}

const tick = (): Promise<void> => new Promise((r) => process.nextTick(r));
const b = (...xs: number[]): Uint8Array => Uint8Array.from(xs);

describe('rpc MessageWriter', () => {
  it('batches the messages of one tick into one write on the next tick', async () => {
    const { stream, writes } = recorder();
    const w = new MessageWriter(stream);
    w.write([b(1, 2), b(3)]);
    w.write([b(4)]);
    expect(writes).toHaveLength(0);
    await tick();
    expect(writes.map((c) => [...c])).toEqual([[1, 2, 3, 4]]);
  });

  it('writes an urgent message at once, with what was batched before it', async () => {
    const { stream, writes } = recorder();
    const w = new MessageWriter(stream);
    w.write([b(1)]);
    w.write([b(2), b(3)], true);
    expect(writes.map((c) => [...c])).toEqual([[1, 2, 3]]);
    w.write([b(4)]);
    await tick();
    expect(writes.map((c) => [...c])).toEqual([[1, 2, 3], [4]]);
  });

  it('copies small parts (the caller may reuse them) and keeps order around large ones', async () => {
    const { stream, writes } = recorder();
    const w = new MessageWriter(stream);
    const small = b(9, 9);
    const big = new Uint8Array(20_000).fill(7);
    w.write([b(1), small, big, b(2)]);
    small.fill(0);
    await tick();
    const all = Buffer.concat(writes);
    expect(all.length).toBe(20_004);
    expect([...all.subarray(0, 3)]).toEqual([1, 9, 9]);
    expect(all[3]).toBe(7);
    expect(all[20_002]).toBe(7);
    expect(all[20_003]).toBe(2);
  });
});

describe('gob client codec writes', () => {
  it('writes a lone call at once and batches calls made while others are in flight', async () => {
    const [a, peer] = duplexPair();
    const got: Buffer[] = [];
    peer.on('data', (c: Buffer) => got.push(c));
    const writes: number[] = [];
    const origWrite = a.write.bind(a);
    a.write = ((chunk: Uint8Array, ...rest: never[]) => {
      writes.push(chunk.length);
      return origWrite(chunk, ...rest);
    }) as typeof a.write;
    const codec = new GobClientCodec(a);
    const enc = new gob.Encoder();
    const want: Uint8Array[] = [];
    for (let seq = 0; seq < 4; seq++) {
      codec.writeRequest({ serviceMethod: 'Arith.Add', seq }, seq, gob.int);
      want.push(enc.encode({ ServiceMethod: 'Arith.Add', Seq: seq }, RequestType), enc.encode(seq, gob.int));
      // The first call had no reply pending: on the transport before this tick ends.
      if (seq === 0) expect(writes).toHaveLength(1);
    }
    expect(writes).toHaveLength(1);
    await new Promise((r) => setImmediate(r));
    // The three pipelined calls shared one write; the bytes are exactly gob's (the parts of
    // each header + body pair were copied into the batch, not shared).
    expect(writes).toHaveLength(2);
    expect(Buffer.concat(got).equals(Buffer.concat(want))).toBe(true);
    a.destroy();
  });
});
