/**
 * The trace decoders on a synthetic Packer session (codec 'packer'): yamux frames carrying, on
 * every stream, the 4-byte broker id and then net/rpc over msgpack (go-netrpc/msgpack's encoder,
 * both ugorji dialects); fed whole and byte by byte; and hostile bytes, which must become
 * transcript events, never exceptions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as mp from '../../../src/msgpack/index.js';
import { encodeHeader, Flag, FrameType } from '../../../src/yamux/index.js';
import type { TraceEvent } from '../../../src/trace/index.js';
import { SessionTap } from '../../../src/trace/session-tap.js';
import { MethodStats } from '../../../src/trace/stats.js';

const cat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const data = (stream: number, payload: Uint8Array): Uint8Array => cat([encodeHeader(FrameType.Data, 0, stream, payload.length), payload]);
const syn = (stream: number): Uint8Array => encodeHeader(FrameType.WindowUpdate, Flag.SYN, stream, 0);
const le32 = (n: number): Uint8Array => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const Req = mp.struct('Request', { ServiceMethod: mp.string, Seq: mp.uint64 });
const Resp = mp.struct('Response', { ServiceMethod: mp.string, Seq: mp.uint64, Error: mp.string });

function session(dialect: mp.MsgpackDialect): { fromHost: Uint8Array; fromPlugin: Uint8Array } {
  const enc = <T extends mp.MsgpackType>(t: T, v: unknown): Uint8Array => new mp.MsgpackEncoder({ dialect }).encode(t, v as mp.Infer<T>);
  const Configs = mp.struct('PrepareArgs', { Configs: mp.slice(mp.any) });
  const fromHost = cat([
    syn(1),
    data(1, le32(0)),
    data(1, cat([enc(Req, { ServiceMethod: 'Builder.Prepare', Seq: 0 }), enc(Configs, { Configs: [{ greeting: 'hi', count: 3 }] })])),
    data(1, cat([enc(Req, { ServiceMethod: 'Builder.Run', Seq: 1 }), enc(mp.uint32, 1)])),
  ]);
  const fromPlugin = cat([
    data(1, le32(0)),
    data(1, cat([enc(Resp, { ServiceMethod: 'Builder.Prepare', Seq: 0, Error: '' }), enc(mp.slice(mp.string), ['w'])])),
    data(1, cat([enc(Resp, { ServiceMethod: 'Builder.Run', Seq: 1, Error: 'run failed' }), enc(mp.any, null)])),
  ]);
  return { fromHost, fromPlugin };
}

function trace(fromHost: Uint8Array, fromPlugin: Uint8Array, chunk: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  const tap = new SessionTap(1, (e) => events.push(e), () => 0, new MethodStats(), { codec: 'packer' });
  for (let i = 0; i < fromHost.length; i += chunk) tap.fromHost.push(fromHost.subarray(i, i + chunk));
  for (let i = 0; i < fromPlugin.length; i += chunk) tap.fromPlugin.push(fromPlugin.subarray(i, i + chunk));
  tap.finish();
  return events;
}

const brief = (e: TraceEvent): string =>
  e.kind === 'call'
    ? `call #${e.seq} ${e.method} ${JSON.stringify(e.args)}`
    : e.kind === 'reply'
      ? `reply #${e.seq} ${e.method} ${e.error === '' ? JSON.stringify(e.reply) : `error ${e.error}`}`
      : e.kind === 'stream'
        ? `stream ${e.label}`
        : e.kind;

describe('SessionTap, Packer sessions (msgpack)', () => {
  for (const dialect of ['ugorji-1.2', 'ugorji-2015'] as const) {
    it(`${dialect}: broker id 0 is the main connection; calls pair with replies whatever the chunking`, () => {
      const { fromHost, fromPlugin } = session(dialect);
      const want = [
        "stream MuxBroker id 0 (dialed by host, Packer's main connection)",
        'call #0 Builder.Prepare {"Configs":[{"greeting":"hi","count":3}]}',
        'call #1 Builder.Run 1',
        'reply #0 Builder.Prepare ["w"]',
        'reply #1 Builder.Run error run failed',
      ];
      expect(trace(fromHost, fromPlugin, fromHost.length + fromPlugin.length).map(brief)).toEqual(want);
      expect(trace(fromHost, fromPlugin, 1).map(brief)).toEqual(want);
    });
  }

  it('reports unscannable bytes in place and stops that direction; other values keep decoding', () => {
    const { fromHost, fromPlugin } = session('ugorji-1.2');
    const bad = cat([fromHost, data(1, Uint8Array.of(0xc1, 0x80))]);
    const evs = trace(bad, fromPlugin, 5);
    expect(evs.filter((e) => e.kind === 'decode-error')).toMatchObject([{ code: 'CORRUPT', message: expect.stringContaining('rest of the stream not decoded') as unknown }]);
    expect(evs.filter((e) => e.kind === 'reply')).toHaveLength(2);
  });

  it('labels a brokered stream that does not start with a msgpack map as raw', () => {
    const evs = trace(cat([syn(3), data(3, le32(4)), data(3, Buffer.from('plain command output\n'))]), cat([data(3, le32(4))]), 3);
    expect(evs.map(brief)).toEqual(['stream MuxBroker id 4 (dialed by host)', 'stream raw MuxBroker id 4: raw bytes, not net/rpc (does not start with a msgpack map)']);
  });

  it('never throws on arbitrary bytes after a valid start', () => {
    const { fromHost } = session('ugorji-2015');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 64 }), (junk, cut, chunk) => {
        trace(cat([fromHost.subarray(0, Math.min(cut, fromHost.length)), junk]), junk, chunk);
      }),
      { numRuns: 300 },
    );
  });
});
