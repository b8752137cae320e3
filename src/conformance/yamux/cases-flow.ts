/**
 * Section 3, flow control and window updates (spec.md "Flow Control"; Go stream.go `write`
 * never sends beyond sendWindow, `sendWindowUpdate` returns credit as the application reads,
 * `readData` rejects a frame longer than recvWindow).
 */
import { Flag, FrameType } from '../../yamux/index.js';
import { type YamuxSection, expectProtocolError, fail, info, ok } from './context.js';
import { WINDOW, echoRoundTrip, expectEcho, openStream, pattern, sendData, sendInBackground, sessionAlive } from './driver.js';

export const flow: YamuxSection = {
  id: '3',
  title: 'Flow control and window updates',
  cases: [
    {
      id: '3.1',
      title: 'The IUT never sends more than the window we granted',
      rule: 'spec.md "Flow Control" (initial window 256 KiB; sender may not exceed it); Go stream.go `write` waits on sendWindow',
      async run(ctx) {
        const c = await ctx.connect();
        const data = pattern(600_000, 11);
        openStream(c, 1);
        c.setGranting(1, false);
        const sending = sendInBackground(c, 1, data, { fin: true, stallMs: ctx.replyMs * 2 });
        const b = c.book(1);
        await c.until(() => b.received >= WINDOW, ctx.replyMs);
        await c.until(() => b.received > WINDOW, ctx.quietMs);
        if (b.received > WINDOW) return fail(`at most ${WINDOW} bytes before our WindowUpdate`, `${b.received} bytes`);
        if (b.received < WINDOW) return fail(`the IUT fills the ${WINDOW}-byte window`, `only ${b.received} bytes within ${ctx.replyMs} ms`);
        c.setGranting(1, true);
        await sending.finish();
        await expectEcho(c, 1, data, ctx.replyMs);
        return ok(`stops at exactly ${WINDOW} bytes, resumes after WindowUpdate`, `stopped at ${WINDOW}; echo completed after our grant`);
      },
    },
    {
      id: '3.2',
      title: 'The IUT grants window as its application reads',
      rule: 'spec.md "Flow Control" (WindowUpdate as data is consumed); Go sendWindowUpdate after Read: delta = max − buffered − recvWindow, sent when ≥ max/2',
      async run(ctx) {
        const c = await ctx.connect();
        await echoRoundTrip(c, 1, pattern(1 << 20, 12), ctx.replyMs);
        const grants = c.book(1).grants.filter((g) => g > 0);
        return ok('1 MiB sent through a 256 KiB window: WindowUpdates arrive', `${grants.length} WindowUpdate(s), deltas ${grants.slice(0, 6).join(', ')}${grants.length > 6 ? ', …' : ''}`);
      },
    },
    {
      id: '3.3',
      title: 'The receive window closes when the application stops reading',
      rule: 'spec.md "Flow Control"; Go returns credit only after Read — an echo blocked on its own send window stops reading, so the IUT admits about 2 windows, not unbounded data',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.setGranting(1, false);
        const b = c.book(1);
        const chunk = pattern(16 * 1024, 13);
        let sent = 0;
        const cap = 4 << 20;
        while (sent < cap) {
          if (b.kitWindow <= 0 && !(await c.until(() => b.kitWindow > 0, ctx.quietMs))) break;
          const n = Math.min(chunk.length, b.kitWindow);
          c.send(FrameType.Data, 0, 1, n, chunk.subarray(0, n));
          sent += n;
          await c.drained();
          if (c.closed) break;
        }
        const expected = 'the IUT stops granting window: at most ~2 × 256 KiB accepted while its echo is blocked (limit 1 MiB)';
        if (sent >= cap) return fail(expected, `accepted all ${sent} bytes (unbounded buffering)`);
        if (sent > 1 << 20) return fail(expected, `accepted ${sent} bytes`);
        return ok(expected, `accepted ${sent} bytes, then no more window`);
      },
    },
    {
      id: '3.4',
      title: 'A Data frame larger than the receive window',
      rule: 'spec.md "Flow Control"; Go readData: length > recvWindow → ErrRecvWindowExceeded, GoAway(protocol error), session closed',
      async run(ctx) {
        const c = await ctx.connect();
        const big = pattern(WINDOW + 1, 14);
        c.send(FrameType.Data, Flag.SYN, 1, big.length, big);
        return expectProtocolError(ctx, c, 3, `a ${WINDOW + 1}-byte Data frame on a new stream`);
      },
    },
    {
      id: '3.5',
      title: 'A larger window granted on the SYN frame',
      rule: 'spec.md "Flow Control" (WindowUpdate on SYN may grant more); Go incrSendWindow processes flags, then adds the delta',
      async run(ctx) {
        const c = await ctx.connect();
        const data = pattern(1 << 20, 15);
        openStream(c, 1, (1 << 20) - WINDOW);
        c.setGranting(1, false);
        await sendData(c, 1, data, { fin: true, stallMs: ctx.replyMs });
        const b = c.book(1);
        await c.until(() => b.fin > 0, ctx.replyMs);
        if (b.received !== data.length || b.fin === 0) return fail('the full 1 MiB echo without any further WindowUpdate from us', `${b.received} bytes, FIN ${b.fin}`);
        await expectEcho(c, 1, data, ctx.replyMs);
        return ok('1 MiB echo within the 1 MiB window granted on SYN', 'echoed 1 MiB without further grants');
      },
    },
    {
      id: '3.6',
      title: 'Window update overflowing 32 bits',
      rule: 'spec.md "Flow Control" (32-bit delta); Go adds to a uint32 sendWindow without a check (it wraps). A robust peer must not crash',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.send(FrameType.WindowUpdate, 0, 1, 0xffff_ffff);
        c.send(FrameType.WindowUpdate, 0, 1, 0xffff_ffff);
        c.send(FrameType.Data, Flag.FIN, 1, 4, Buffer.from('wrap'));
        const b = c.book(1);
        await c.until(() => b.fin > 0 || c.closed, ctx.replyMs);
        const alive = await sessionAlive(c, 3, ctx.replyMs);
        return info('Go wraps the window silently and keeps working', `stream 1 echoed ${JSON.stringify(c.data(1).toString())}; ${alive ? 'session still works' : `session gone: ${c.summary()}`}; GoAway ${c.goAways().map((g) => g.length).join(',') || 'none'}`);
      },
    },
    {
      id: '3.7',
      title: 'Sizes of the IUT\'s window updates',
      rule: 'Go sendWindowUpdate: a WindowUpdate only when the delta reaches half the maximum window (128 KiB), or to carry flags',
      async run(ctx) {
        const c = await ctx.connect();
        await echoRoundTrip(c, 1, pattern(2 << 20, 16), ctx.replyMs);
        const g = c.book(1).grants.filter((x) => x > 0);
        return info('deltas of at least 131,072 bytes (Go)', `${g.length} updates, smallest ${g.length ? Math.min(...g) : 0}, largest ${g.length ? Math.max(...g) : 0}`);
      },
    },
  ],
};
