/**
 * Section 1, framing and chunking (hashicorp/yamux spec.md "Framing"; Go session.go `recvLoop`
 * reads each 12-byte header with io.ReadFull and the payload with a LimitedReader, so any split
 * or coalescing of frames across TCP reads must be invisible).
 */
import { Flag, FrameType } from '../../yamux/index.js';
import { type YamuxSection, ok } from './context.js';
import { echoRoundTrip, expectEcho, openStream, pattern, sendData } from './driver.js';
import type { RawConn } from './raw-conn.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function frame(c: RawConn, type: number, flags: number, id: number, payload: Buffer | number = 0): Buffer {
  const p = typeof payload === 'number' ? Buffer.alloc(0) : payload;
  const len = typeof payload === 'number' ? payload : p.length;
  return Buffer.concat([c.header(type, flags, id, len), p]);
}

export const framing: YamuxSection = {
  id: '1',
  title: 'Framing and chunking',
  cases: [
    {
      id: '1.1',
      title: 'Echo on one stream (baseline)',
      rule: 'spec.md "Framing", "Stream Establishment"; Go: WindowUpdate(SYN) opens, the accepted stream echoes until FIN, then FIN',
      async run(ctx) {
        const c = await ctx.connect();
        await echoRoundTrip(c, 1, Buffer.from('hello yamux'), ctx.replyMs);
        return ok('echo "hello yamux", then FIN', `echoed, FIN after ${c.book(1).received} bytes`);
      },
    },
    {
      id: '1.2',
      title: 'Header split across writes, one byte at a time',
      rule: 'spec.md "Framing" (a 12-byte header on a byte stream); Go recvLoop: io.ReadFull(header)',
      async run(ctx) {
        const c = await ctx.connect();
        const data = Buffer.from('split header');
        const bytes = Buffer.concat([frame(c, FrameType.WindowUpdate, Flag.SYN, 1), frame(c, FrameType.Data, 0, 1, data), frame(c, FrameType.WindowUpdate, Flag.FIN, 1)]);
        for (const b of bytes) {
          c.writeRaw(Buffer.of(b));
          await sleep(2);
        }
        await expectEcho(c, 1, data, ctx.replyMs);
        return ok('frames written one byte per write are parsed; echo', `echoed ${data.length} bytes after ${bytes.length} one-byte writes`);
      },
    },
    {
      id: '1.3',
      title: 'Several frames coalesced in one write',
      rule: 'spec.md "Framing"; Go reads frames back to back from a bufio.Reader',
      async run(ctx) {
        const c = await ctx.connect();
        const parts = [Buffer.from('one '), Buffer.from('two '), Buffer.from('three')];
        c.book(1).kitWindow -= 13;
        c.writeRaw(Buffer.concat([frame(c, FrameType.WindowUpdate, Flag.SYN, 1), ...parts.map((p) => frame(c, FrameType.Data, 0, 1, p)), frame(c, FrameType.WindowUpdate, Flag.FIN, 1)]));
        await expectEcho(c, 1, Buffer.concat(parts), ctx.replyMs);
        return ok('SYN, three Data frames and FIN in one write; echo', 'echoed all 13 bytes');
      },
    },
    {
      id: '1.4',
      title: 'A 256 KiB Data frame (payload spans many TCP reads)',
      rule: 'spec.md "Framing" (Length up to the window); Go writes frames as large as the send window (stream.go `write`)',
      async run(ctx) {
        const c = await ctx.connect();
        const data = pattern(256 * 1024, 4);
        openStream(c, 1);
        await sendData(c, 1, data, { fin: true, chunk: data.length, stallMs: ctx.replyMs });
        await expectEcho(c, 1, data, ctx.replyMs);
        return ok('one 262,144-byte Data frame is received whole; echo', 'echoed 262,144 bytes');
      },
    },
    {
      id: '1.5',
      title: 'Headers and payloads split at odd offsets',
      rule: 'spec.md "Framing"; Go recvLoop keeps no state between reads but blocks in ReadFull/CopyN',
      async run(ctx) {
        const c = await ctx.connect();
        const a = pattern(1000, 5);
        const b = pattern(70_000, 6);
        const d = Buffer.from('tail!');
        const all = Buffer.concat([frame(c, FrameType.Data, Flag.SYN, 1, a), frame(c, FrameType.Data, 0, 1, b), frame(c, FrameType.Data, 0, 1, d), frame(c, FrameType.WindowUpdate, Flag.FIN, 1)]);
        c.book(1).kitWindow -= a.length + b.length + d.length;
        const cuts = [7, 1011, 1013, 30_000, 71_020, all.length - 3];
        let prev = 0;
        for (const cut of [...cuts, all.length]) {
          c.writeRaw(all.subarray(prev, cut));
          prev = cut;
          await sleep(5);
        }
        await expectEcho(c, 1, Buffer.concat([a, b, d]), ctx.replyMs);
        return ok('frames cut at offsets 7, 1011, 1013, 30000, 71020 and 3 bytes before the end; echo', `echoed ${a.length + b.length + d.length} bytes`);
      },
    },
    {
      id: '1.6',
      title: 'Empty Data frame and zero-delta WindowUpdate mid-stream',
      rule: 'spec.md "Framing" (Length 0 is legal, used to carry flags); Go readData returns early for length 0, incrSendWindow adds 0',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.send(FrameType.Data, 0, 1, 3, Buffer.from('abc'));
        c.send(FrameType.Data, 0, 1, 0);
        c.send(FrameType.WindowUpdate, 0, 1, 0);
        c.send(FrameType.Data, 0, 1, 3, Buffer.from('def'));
        c.send(FrameType.WindowUpdate, Flag.FIN, 1, 0);
        await expectEcho(c, 1, Buffer.from('abcdef'), ctx.replyMs);
        return ok('empty frames are no-ops; echo "abcdef"', 'echoed "abcdef"');
      },
    },
    {
      id: '1.7',
      title: '4 MiB echo integrity on one stream',
      rule: 'spec.md "Flow Control"; Go splits writes into frames within the send window and refills it from WindowUpdates',
      limitMs: 60_000,
      async run(ctx) {
        const c = await ctx.connect();
        const data = pattern(4 << 20, 7);
        await echoRoundTrip(c, 1, data, ctx.replyMs * 4, 64 * 1024);
        const frames = c.frames.filter((f) => f.type === FrameType.Data && f.streamId === 1 && f.length > 0);
        return ok('4 MiB echoed byte for byte, within the window', `echoed in ${frames.length} Data frames, largest ${Math.max(...frames.map((f) => f.length))} bytes`);
      },
    },
  ],
};
