/**
 * Section 6, malformed input (spec.md "Framing"; Go recvLoop: a version other than 0 is
 * ErrInvalidVersion, a type above 3 ErrInvalidMsgType — both close the session WITHOUT a
 * GoAway; unknown flag bits are ignored). What a robust peer must at least do: close, in bounded
 * time and memory, and keep serving other connections.
 */
import { Flag, FrameType } from '../../yamux/index.js';
import { type YamuxCtx, type YamuxSection, describeEnd, expectProtocolError, fail, info, nonStrict, ok } from './context.js';
import { echoRoundTrip, expectEcho, openStream } from './driver.js';
import type { RawConn } from './raw-conn.js';

async function expectSilentClose(ctx: YamuxCtx, c: RawConn, what: string): Promise<ReturnType<typeof ok>> {
  const expected = `${what}: the session closes (Go sends no GoAway; a GoAway, if sent, must carry code 1)`;
  await c.waitClosed(ctx.replyMs);
  if (!c.closed) return fail(expected, describeEnd(c));
  if (c.goAways().some((g) => g.length !== 1)) return nonStrict(expected, describeEnd(c));
  return ok(expected, describeEnd(c));
}

export const malformed: YamuxSection = {
  id: '6',
  title: 'Malformed input',
  cases: [
    {
      id: '6.1',
      title: 'Version byte 1',
      rule: 'spec.md "Version Field" (0 only); Go recvLoop: ErrInvalidVersion, session closed',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.WindowUpdate, Flag.SYN, 1, 0, undefined, 1);
        return expectSilentClose(ctx, c, 'a frame with version 1');
      },
    },
    {
      id: '6.2',
      title: 'Frame type 4',
      rule: 'spec.md "Type Field" (0–3); Go recvLoop: ErrInvalidMsgType, session closed',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(4, 0, 0, 0);
        return expectSilentClose(ctx, c, 'a frame of type 4');
      },
    },
    {
      id: '6.3',
      title: 'Not yamux at all (an HTTP request)',
      rule: 'spec.md "Version Field"; Go recvLoop: the first byte "G" (0x47) is an invalid version',
      async run(ctx) {
        const c = await ctx.connect();
        c.writeRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
        return expectSilentClose(ctx, c, 'an HTTP request');
      },
    },
    {
      id: '6.4',
      title: 'Unknown flag bits are ignored',
      rule: 'spec.md "Flag Field"; Go tests known bits with masks (flags&flagFIN == flagFIN), other bits have no effect',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.send(FrameType.WindowUpdate, 0x10 | 0x8000, 1, 0);
        c.send(FrameType.Data, 0x40, 1, 5, Buffer.from('flags'));
        c.send(FrameType.WindowUpdate, Flag.FIN | 0x20, 1, 0);
        await expectEcho(c, 1, Buffer.from('flags'), ctx.replyMs);
        return ok('flags 0x8010, 0x40 and 0x24 act as none, none and FIN; echo "flags"', 'echoed "flags"');
      },
    },
    {
      id: '6.5',
      title: 'Connection ends in the middle of a frame',
      rule: 'Go recvLoop: io.CopyN fails with EOF, the session closes; the IUT must keep serving new connections',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.writeRaw(Buffer.concat([c.header(FrameType.Data, 0, 1, 100), Buffer.alloc(10, 1)]));
        c.socket.end();
        await c.waitClosed(ctx.replyMs);
        const expected = 'the IUT closes its side; a new connection then works';
        if (!c.closed) return fail(expected, `connection still open after ${ctx.replyMs} ms`);
        const d = await ctx.connect();
        await echoRoundTrip(d, 1, Buffer.from('next'), ctx.replyMs);
        return ok(expected, `closed at ${c.closedAtMs} ms; the next connection echoed`);
      },
    },
    {
      id: '6.6',
      title: 'A Data frame announcing 4 GiB',
      rule: 'Go readData: length 0xFFFFFFFF > recvWindow → GoAway(protocol error) and close at once, before reading the payload (bounded memory)',
      async run(ctx) {
        const c = await ctx.connect();
        c.writeRaw(Buffer.concat([c.header(FrameType.Data, Flag.SYN, 1, 0xffff_ffff), Buffer.alloc(1000, 2)]));
        return expectProtocolError(ctx, c, 3, 'a Data frame with Length 4294967295');
      },
    },
    {
      id: '6.7',
      title: 'Ping on a non-zero stream id',
      rule: 'spec.md "Ping" (StreamID 0); Go handlePing ignores the stream id and answers',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.Ping, Flag.SYN, 5, 42);
        const f = await c.find((x) => x.type === FrameType.Ping && x.length === 42, ctx.replyMs);
        return info('Go answers Ping(ACK, 42) on stream 0', f === undefined ? `no answer; ${describeEnd(c)}` : `answered on stream ${f.streamId}`);
      },
    },
    {
      id: '6.8',
      title: 'SYN for stream 0',
      rule: 'spec.md "StreamID Field" (0 is the session); Go does not check and registers stream 0',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.Data, Flag.SYN | Flag.FIN, 0, 4, Buffer.from('zero'));
        await c.until(() => c.closed || c.book(0).fin > 0 || c.book(0).rst > 0, ctx.replyMs);
        return info('Go accepts stream 0 and echoes', `stream 0: ${c.book(0).received} bytes, FIN ${c.book(0).fin}, RST ${c.book(0).rst}; ${describeEnd(c)}`);
      },
    },
  ],
};
