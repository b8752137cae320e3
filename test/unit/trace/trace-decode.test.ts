/**
 * The trace decoders on synthetic sessions: yamux frames (yamux's encodeHeader) carrying net/rpc
 * gob messages (rpc's RequestType/ResponseType through gob's Encoder), fed whole and byte by
 * byte; and hostile bytes, which must become transcript events, never exceptions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { RequestType, ResponseType } from '../../../src/rpc/index.js';
import { encodeHeader, Flag, FrameType } from '../../../src/yamux/index.js';
import type { TraceEvent } from '../../../src/trace/index.js';
import { startsLikeNetRpc } from '../../../src/trace/rpc-tap.js';
import { SessionTap } from '../../../src/trace/session-tap.js';
import { MethodStats } from '../../../src/trace/stats.js';

const cat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
const data = (stream: number, payload: Uint8Array, flags = 0): Uint8Array => cat([encodeHeader(FrameType.Data, flags, stream, payload.length), payload]);
const syn = (stream: number): Uint8Array => encodeHeader(FrameType.WindowUpdate, Flag.SYN, stream, 0);
const le32 = (n: number): Uint8Array => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** A host → plugin and plugin → host byte pair: control Dispense, a brokered Greet, a failed call. */
function session(): { fromHost: Uint8Array; fromPlugin: Uint8Array } {
  const hReq = new gob.Encoder();
  const pResp = new gob.Encoder();
  const bReq = new gob.Encoder();
  const bResp = new gob.Encoder();
  const fromHost = cat([
    syn(1),
    syn(3),
    syn(5),
    data(1, cat([hReq.encode({ ServiceMethod: 'Dispenser.Dispense', Seq: 0 }, RequestType), hReq.encode('greeter', gob.string)])),
    syn(7),
    data(7, le32(1)),
    data(7, cat([bReq.encode({ ServiceMethod: 'Plugin.Greet', Seq: 0 }, RequestType), bReq.encode({ Name: 'x' }, gob.struct('Args', { Name: gob.string }))])),
    data(7, cat([bReq.encode({ ServiceMethod: 'Plugin.Fail', Seq: 1 }, RequestType), bReq.encode('', gob.string)])),
    encodeHeader(FrameType.GoAway, 0, 0, 0),
  ]);
  const fromPlugin = cat([
    data(5, Buffer.from('2026 [DEBUG] hello\n')),
    data(1, cat([pResp.encode({ ServiceMethod: 'Dispenser.Dispense', Seq: 0, Error: '' }, ResponseType), pResp.encode(1, gob.uint32)])),
    data(7, le32(1)),
    data(7, cat([bResp.encode({ ServiceMethod: 'Plugin.Fail', Seq: 1, Error: 'boom' }, ResponseType), bResp.encode({}, gob.emptyStruct)])),
    data(7, cat([bResp.encode({ ServiceMethod: 'Plugin.Greet', Seq: 0, Error: '' }, ResponseType), bResp.encode('Hello, x', gob.string)])),
  ]);
  return { fromHost, fromPlugin };
}

function trace(fromHost: Uint8Array, fromPlugin: Uint8Array, chunk: number): { events: TraceEvent[]; stats: MethodStats } {
  const events: TraceEvent[] = [];
  const stats = new MethodStats();
  const tap = new SessionTap(1, (e) => events.push(e), () => 0, stats);
  // Host bytes first (calls), then the plugin's (replies), each in `chunk`-byte pieces.
  for (let i = 0; i < fromHost.length; i += chunk) tap.fromHost.push(fromHost.subarray(i, i + chunk));
  for (let i = 0; i < fromPlugin.length; i += chunk) tap.fromPlugin.push(fromPlugin.subarray(i, i + chunk));
  tap.finish();
  return { events, stats };
}

const brief = (e: TraceEvent): string => {
  switch (e.kind) {
    case 'call':
      return `call s${e.stream} #${e.seq} ${e.from} ${e.method} ${JSON.stringify(e.args)}`;
    case 'reply':
      return `reply s${e.stream} #${e.seq} ${e.method} ${e.error === '' ? JSON.stringify(e.reply) : `error ${e.error}`}`;
    case 'stream':
      return `stream s${e.stream} ${e.by} ${e.label}`;
    case 'frame':
      return `frame ${e.from} ${e.what}`;
    case 'stderr':
      return `stderr ${e.line}`;
    default:
      return e.kind;
  }
};

describe('SessionTap', () => {
  it('labels streams and pairs each reply with its call, whatever the chunking', () => {
    const { fromHost, fromPlugin } = session();
    const whole = trace(fromHost, fromPlugin, 1 << 20);
    expect(whole.events.map(brief)).toEqual([
      'stream s1 host control',
      'stream s3 host plugin stdout',
      'stream s5 host plugin stderr',
      'call s1 #0 host Dispenser.Dispense "greeter"',
      'stream s7 host MuxBroker id 1 (dialed by host)',
      'call s7 #0 host Plugin.Greet {"Name":"x"}',
      'call s7 #1 host Plugin.Fail ""',
      'frame host GoAway (normal)',
      'stderr 2026 [DEBUG] hello',
      'reply s1 #0 Dispenser.Dispense 1',
      'reply s7 #1 Plugin.Fail error boom',
      'reply s7 #0 Plugin.Greet "Hello, x"',
    ]);
    expect(whole.stats.summary().map((m) => [m.method, m.count, m.errors])).toEqual([
      ['Dispenser.Dispense', 1, 0],
      ['Plugin.Fail', 1, 1],
      ['Plugin.Greet', 1, 0],
    ]);
    for (const chunk of [1, 3, 7, 12, 13]) expect(trace(fromHost, fromPlugin, chunk).events.map(brief)).toEqual(whole.events.map(brief));
  });

  it('reports a stream that is not net/rpc as raw and keeps decoding the others', () => {
    const enc = new gob.Encoder();
    const fromHost = cat([syn(1), syn(3), syn(5), syn(7), data(7, le32(9)), data(7, Buffer.from('GET / HTTP/1.1\r\n\r\n')), data(1, cat([enc.encode({ ServiceMethod: 'Control.Ping', Seq: 0 }, RequestType), enc.encode(true, gob.bool)]))]);
    const { events } = trace(fromHost, new Uint8Array(0), 5);
    expect(events.map(brief)).toContain('call s1 #0 host Control.Ping true');
    expect(events.some((e) => e.kind === 'stream' && e.stream === 7 && /raw bytes, not net\/rpc/.test(e.label))).toBe(true);
    expect(events.find((e) => e.kind === 'reply')).toBeUndefined();
  });

  it('turns bytes that are not yamux into one decode-error event', () => {
    const { events } = trace(Buffer.from('hello, this is not yamux at all'), new Uint8Array(0), 4);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'decode-error', code: 'FRAME_INVALID', from: 'host', stream: null });
  });

  it('never throws on arbitrary bytes after a valid start, and stays linear in the input', () => {
    const { fromHost } = session();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 64 }), (junk, cut, chunk) => {
        const mixed = cat([fromHost.subarray(0, Math.min(cut, fromHost.length)), junk]);
        trace(mixed, junk, chunk);
      }),
      { numRuns: 300 },
    );
  });

  it('bounds pending calls: the oldest unanswered ones are dropped and counted', () => {
    const enc = new gob.Encoder();
    const calls: Uint8Array[] = [syn(1)];
    for (let i = 0; i < 50; i++) calls.push(data(1, cat([enc.encode({ ServiceMethod: 'S.M', Seq: i }, RequestType), enc.encode(i, gob.int)])));
    const events: TraceEvent[] = [];
    const tap = new SessionTap(1, (e) => events.push(e), () => 0, new MethodStats(), { maxPendingCalls: 10 });
    tap.fromHost.push(cat(calls));
    expect(tap.unanswered).toBe(40);
    tap.finish();
    expect(tap.unanswered).toBe(50);
    expect(tap.unansweredCalls).toHaveLength(20);
    expect(tap.unansweredCalls[0]).toBe('s1 #0 S.M');
  });
});

describe('startsLikeNetRpc', () => {
  it('accepts the first bytes of a fresh gob encoder and rejects text', () => {
    const start = new gob.Encoder().encode({ ServiceMethod: 'A.B', Seq: 0 }, RequestType);
    for (let n = 0; n < 4; n++) expect(startsLikeNetRpc(start.subarray(0, n))).not.toBe(false);
    expect(startsLikeNetRpc(start)).toBe(true);
    expect(startsLikeNetRpc(Buffer.from('GET / HTTP/1.1'))).toBe(false);
    expect(startsLikeNetRpc(Uint8Array.of(0))).toBe(false);
    expect(startsLikeNetRpc(Uint8Array.of(5, 0x81))).toBe(false); // -65 needs two bytes: 0x81 is a bad single byte
  });
});
