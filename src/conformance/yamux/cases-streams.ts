/**
 * Section 2, stream open / ACK / FIN / RST states (spec.md "Stream Establishment", "Stream
 * Close", "Flag Field"; Go session.go `incomingStream`, `handleStreamMessage`, stream.go
 * `processFlags`, `Close`).
 */
import { Flag, FrameType } from '../../yamux/index.js';
import { CAPABILITIES, type YamuxSection, expectProtocolError, fail, info, nonStrict, ok, requestOpen } from './context.js';
import { awaitData, echoRoundTrip, expectEcho, openStream, pattern, sendData, sendInBackground, sessionAlive } from './driver.js';

export const streams: YamuxSection = {
  id: '2',
  title: 'Stream states: open, ACK, FIN, RST',
  cases: [
    {
      id: '2.1',
      title: 'An accepted stream is ACKed before any data is written',
      rule: 'spec.md "Stream Establishment" (the receiver sends ACK); Go AcceptStream sends WindowUpdate(ACK) at once — a peer that waits for data trips Go\'s StreamOpenTimeout, which kills the session',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        const f = await c.find((x) => x.streamId === 1 && (x.flags & Flag.ACK) !== 0, ctx.replyMs);
        if (f === undefined) return fail('WindowUpdate(ACK) for stream 1 without any data from us', `no ACK within ${ctx.replyMs} ms; ${c.summary()}`);
        return ok('WindowUpdate(ACK) for stream 1', `${f.type === FrameType.WindowUpdate ? 'WindowUpdate' : 'Data'}(ACK) after ${f.atMs} ms`);
      },
    },
    {
      id: '2.2',
      title: 'SYN on a Data frame that carries payload',
      rule: 'spec.md "Flag Field" (SYN may be sent with a Data frame); Go handleStreamMessage processes SYN, then reads the payload',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.Data, Flag.SYN, 1, 5, Buffer.from('hello'));
        c.send(FrameType.WindowUpdate, Flag.FIN, 1, 0);
        await expectEcho(c, 1, Buffer.from('hello'), ctx.replyMs);
        return ok('Data(SYN, "hello") opens the stream and delivers "hello"', 'echoed "hello"');
      },
    },
    {
      id: '2.3',
      title: 'Half-close with WindowUpdate(FIN); the IUT writes after our FIN',
      rule: 'spec.md "Stream Close" (FIN half-closes); Go: FIN moves the stream to remote-close, reads end with EOF, writes stay allowed',
      async run(ctx) {
        const c = await ctx.connect();
        const data = pattern(100_000, 8);
        openStream(c, 1);
        await sendData(c, 1, data, { stallMs: ctx.replyMs });
        c.send(FrameType.WindowUpdate, Flag.FIN, 1, 0);
        await expectEcho(c, 1, data, ctx.replyMs);
        return ok('EOF after our FIN; the echo completes, then the IUT\'s FIN', 'echoed 100,000 bytes, then FIN');
      },
    },
    {
      id: '2.4',
      title: 'FIN on the last Data frame delivers the data, then EOF',
      rule: 'spec.md "Flag Field"; Go readData: processFlags, then the payload is buffered (a Go reader racing that copy can see EOF first — a rare Go race; Go itself sends FIN on WindowUpdate frames)',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.send(FrameType.Data, Flag.FIN, 1, 4, Buffer.from('last'));
        await expectEcho(c, 1, Buffer.from('last'), ctx.replyMs);
        return ok('"last" echoed, then FIN', 'echoed "last", then FIN');
      },
    },
    {
      id: '2.5',
      title: 'SYN|FIN with payload on one Data frame',
      rule: 'spec.md "Flag Field" (flags combine); Go tests each flag as a bit (flags&flagFIN == flagFIN)',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.Data, Flag.SYN | Flag.FIN, 1, 1, Buffer.from('x'));
        await expectEcho(c, 1, Buffer.from('x'), ctx.replyMs);
        return ok('Data(SYN|FIN, "x") is opened, delivered and closed: echo "x", FIN', 'echoed "x", then FIN');
      },
    },
    {
      id: '2.6',
      title: 'Exactly one FIN per stream, nothing after it',
      rule: 'spec.md "Stream Close"; Go Close() sends FIN once (state machine in stream.go `Close`); a second FIN is a protocol error for Go',
      async run(ctx) {
        const c = await ctx.connect();
        await echoRoundTrip(c, 1, Buffer.from('once'), ctx.replyMs);
        await c.until(() => false, ctx.quietMs);
        const b = c.book(1);
        if (b.fin !== 1 || b.rst !== 0) return fail('one FIN, no RST', `${b.fin} FIN, ${b.rst} RST; ${c.summary()}`);
        return ok('one FIN, no RST, no data after it', `one FIN; ${c.frames.filter((f) => f.streamId === 1).length} frames on stream 1`);
      },
    },
    {
      id: '2.7',
      title: 'RST from the peer ends the stream, not the session',
      rule: 'spec.md "Flag Field" (RST: hard close of the stream); Go processFlags: state reset, stream removed; the session continues',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.send(FrameType.Data, 0, 1, 3, Buffer.from('abc'));
        await awaitData(c, 1, 3, ctx.replyMs);
        c.send(FrameType.WindowUpdate, Flag.RST, 1, 0);
        const alive = await sessionAlive(c, 3, ctx.replyMs);
        if (!alive) return fail('the session still echoes on a new stream', `it does not; ${c.summary()}`);
        if (c.goAways().length > 0) return fail('no GoAway', `${c.goAways().length} GoAway; ${c.summary()}`);
        return ok('stream 1 reset; stream 3 echoes; no GoAway', 'stream 3 echoed');
      },
    },
    {
      id: '2.8',
      title: 'Frames for a stream that was never opened',
      rule: 'Go handleStreamMessage: Data for a missing stream is read and discarded, a WindowUpdate ignored (logged, not fatal)',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.Data, 0, 101, 100, pattern(100, 9));
        c.send(FrameType.WindowUpdate, 0, 103, 1000);
        const alive = await sessionAlive(c, 1, ctx.replyMs);
        const rst = c.frames.some((f) => (f.streamId === 101 || f.streamId === 103) && (f.flags & Flag.RST) !== 0);
        const expected = 'payload skipped, frames ignored; the session keeps working (Go)';
        if (alive && !rst) return ok(expected, 'stream 1 echoed afterwards');
        if (alive) return nonStrict(expected, 'the IUT answered with RST; stream 1 echoed afterwards');
        return c.closed ? nonStrict(expected, `the IUT closed the session: ${c.summary()}`) : fail(expected, `the session desynchronised: ${c.summary()}`);
      },
    },
    {
      id: '2.9',
      title: 'Duplicate SYN for an open stream',
      rule: 'Go incomingStream: ErrDuplicateStream, GoAway(protocol error), session closed',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        await c.find((f) => f.streamId === 1 && (f.flags & Flag.ACK) !== 0, ctx.replyMs);
        openStream(c, 1);
        return expectProtocolError(ctx, c, 3, 'a second SYN for stream 1');
      },
    },
    {
      id: '2.10',
      title: 'A second FIN on a half-closed stream',
      rule: 'Go processFlags: FIN in remote-close state is ErrUnexpectedFlag, GoAway(protocol error), session closed',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.setGranting(1, false);
        // Keep the IUT's echo blocked on our window so that it cannot close stream 1 itself.
        const sending = sendInBackground(c, 1, pattern(300_000, 10), { fin: true, stallMs: ctx.replyMs });
        await c.until(() => c.book(1).received >= 256 * 1024, ctx.replyMs);
        await sending.finish();
        c.send(FrameType.WindowUpdate, Flag.FIN, 1, 0);
        return expectProtocolError(ctx, c, 3, 'a second FIN while the IUT has not closed');
      },
    },
    {
      id: '2.11',
      title: 'SYN with the IUT\'s own id parity (even id from a client, odd from a server)',
      rule: 'spec.md "StreamID Field" (client ids odd, server even); Go does not check parity and accepts the stream',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 2);
        c.send(FrameType.Data, 0, 2, 4, Buffer.from('even'));
        c.send(FrameType.WindowUpdate, Flag.FIN, 2, 0);
        const got = await awaitData(c, 2, 4, ctx.replyMs);
        const end = c.closed ? `closed at ${c.closedAtMs} ms` : 'session open';
        return info('Go accepts and echoes (no parity check)', `stream ${c.wire(2)}: received ${JSON.stringify(got.toString())}, FIN ${c.book(2).fin}, RST ${c.book(2).rst}, GoAway ${c.goAways().map((g) => g.length).join(',') || 'none'}, ${end}`);
      },
    },
    {
      id: '2.12',
      title: 'Stream id above 2^31 (0xFFFFFFFD)',
      rule: 'spec.md "StreamID Field" (32-bit unsigned); Go uses uint32 ids throughout',
      async run(ctx) {
        const c = await ctx.connect();
        await echoRoundTrip(c, 0xffff_fffd, Buffer.from('high id'), ctx.replyMs);
        return ok('stream 4294967293 echoes', 'echoed "high id"');
      },
    },
    {
      id: '2.13',
      title: 'Streams the IUT opens use its role\'s ids (server even, client odd), start with SYN and end with FIN',
      rule: 'spec.md "StreamID Field", "Stream Establishment"; Go OpenStream: server ids 2, 4, …, client ids 1, 3, …, WindowUpdate(SYN) first',
      needs: [CAPABILITIES.open],
      async run(ctx) {
        const c = await ctx.connect();
        requestOpen(c, 1, 3, 300_000);
        const ok3 = await c.until(() => [...c.streams.entries()].filter(([id, b]) => id % 2 === 0 && b.fin > 0).length >= 3, ctx.replyMs * 2);
        const ids = [...c.streams.entries()].filter(([id, b]) => id !== 1 && b.syn > 0).map(([id]) => id);
        const onWire = (xs: number[]): string => xs.map((id) => c.wire(id)).join(', ');
        const expected = `three streams with ids ${onWire([2, 4, 6])} (the IUT's parity, +2), SYN on the first frame, 300,000 pattern bytes each, FIN`;
        if (!ok3) return fail(expected, `ids ${onWire(ids) || 'none'}; ${c.summary()}`);
        for (const id of ids) {
          const first = c.frames.find((f) => f.streamId === id);
          if (id % 2 !== 0) return fail(expected, `id ${c.wire(id)}: the kit's parity`);
          if (first === undefined || (first.flags & Flag.SYN) === 0) return fail(expected, `stream ${c.wire(id)} did not start with SYN`);
          if (!c.data(id).equals(pattern(300_000, c.wire(id)))) return fail(expected, `stream ${c.wire(id)}: ${c.data(id).length} bytes, not the pattern`);
          c.send(FrameType.WindowUpdate, Flag.FIN, id, 0);
        }
        if (ids.join(',') !== '2,4,6') return nonStrict(expected, `ids ${onWire(ids)}`);
        return ok(expected, `ids ${onWire(ids)}`);
      },
    },
  ],
};
