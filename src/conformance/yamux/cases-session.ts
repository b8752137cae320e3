/**
 * Sections 4 and 5: ping and keepalive (spec.md "Ping"; Go session.go `handlePing`, `keepalive`)
 * and GoAway (spec.md "Go Away"; Go `handleGoAway`).
 */
import { Flag, FrameType } from '../../yamux/index.js';
import { CAPABILITIES, GO_TIMEOUTS, type YamuxSection, describeEnd, fail, nonStrict, ok, requestOpen, scaledTimeouts } from './context.js';
import { awaitData, expectEcho, openStream, pattern, sendInBackground, sessionAlive } from './driver.js';

export const ping: YamuxSection = {
  id: '4',
  title: 'Ping and keepalive',
  cases: [
    {
      id: '4.1',
      title: 'Ping(SYN) is answered with Ping(ACK) and the same opaque value',
      rule: 'spec.md "Ping" (the receiver echoes the Length with ACK); Go handlePing',
      async run(ctx) {
        const c = await ctx.connect();
        const ids = [0, 7, 0x8000_0001];
        for (const id of ids) c.send(FrameType.Ping, Flag.SYN, 0, id);
        const got: number[] = [];
        for (const id of ids) {
          const f = await c.expect((x) => x.type === FrameType.Ping && (x.flags & Flag.ACK) !== 0 && x.length === id, ctx.replyMs, `Ping(ACK, ${id})`);
          got.push(f.atMs);
        }
        return ok('Ping(ACK) with values 0, 7 and 2147483649', `answered after ${got.join(', ')} ms`);
      },
    },
    {
      id: '4.2',
      title: 'An unsolicited Ping(ACK) is ignored',
      rule: 'Go handlePing: an ACK matching no pending ping is dropped; the session continues',
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.Ping, Flag.ACK, 0, 12345);
        const alive = await sessionAlive(c, 1, ctx.replyMs);
        if (!alive) return fail('the session keeps working', describeEnd(c));
        return ok('the session keeps working', 'stream 1 echoed afterwards');
      },
    },
    {
      id: '4.3',
      title: 'Pings are answered while a stream is blocked on flow control',
      rule: 'spec.md "Ping"; Go answers from its receive loop and never stops reading the connection (a stalled reader makes Go\'s keepalive kill the session)',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.setGranting(1, false);
        void sendInBackground(c, 1, pattern(400_000, 17), { stallMs: ctx.replyMs });
        await c.until(() => c.book(1).received >= 256 * 1024, ctx.replyMs);
        await c.until(() => false, ctx.quietMs);
        c.send(FrameType.Ping, Flag.SYN, 0, 99);
        const f = await c.find((x) => x.type === FrameType.Ping && (x.flags & Flag.ACK) !== 0 && x.length === 99, ctx.replyMs);
        if (f === undefined) return fail('Ping(ACK, 99) while stream 1 is stalled', `none; ${c.summary()}`);
        return ok('Ping(ACK, 99) while stream 1 is stalled', `answered at ${f.atMs} ms`);
      },
    },
    {
      id: '4.4',
      title: 'Keepalive pings every KeepAliveInterval',
      rule: 'Go keepalive(): Ping(SYN) every KeepAliveInterval (30 s × time scale) when EnableKeepAlive (default true)',
      needs: [CAPABILITIES.timeouts],
      async run(ctx) {
        const c = await ctx.connect();
        const interval = GO_TIMEOUTS.keepAliveIntervalMs * ctx.timeScale;
        const p = await c.find((x) => x.type === FrameType.Ping && (x.flags & Flag.SYN) !== 0, interval * 2 + 1000);
        const expected = `Ping(SYN) about ${interval} ms after the session starts`;
        if (p === undefined) return fail(expected, `no ping within ${interval * 2 + 1000} ms`);
        if (p.atMs < interval * 0.5) return nonStrict(expected, `first ping at ${p.atMs} ms`);
        return ok(expected, `first ping at ${p.atMs} ms`);
      },
    },
    {
      id: '4.5',
      title: 'An unanswered keepalive closes the session',
      rule: 'Go keepalive(): no Ping(ACK) within ConnectionWriteTimeout (10 s × scale, at least 2 s) → ErrKeepAliveTimeout, session closed',
      needs: [CAPABILITIES.timeouts],
      async run(ctx) {
        const c = await ctx.connect();
        c.answerPings = false;
        const { keepAliveIntervalMs: interval, connectionWriteTimeoutMs: wt } = scaledTimeouts(ctx.timeScale);
        await c.waitClosed((interval + wt) * 2 + 1000);
        const expected = `the session closes about ${interval + wt} ms after it starts (interval + write timeout)`;
        if (!c.closed) return fail(expected, `still open; ${c.summary()}`);
        const at = c.closedAtMs ?? 0;
        if (at < (interval + wt) * 0.5) return fail(expected, `closed too early, at ${at} ms`);
        return ok(expected, `closed at ${at} ms`);
      },
    },
  ],
};

export const goAway: YamuxSection = {
  id: '5',
  title: 'GoAway',
  cases: [
    {
      id: '5.1',
      title: 'GoAway(normal) keeps existing streams working',
      rule: 'spec.md "Go Away" (no new streams; existing ones continue); Go handleGoAway sets remoteGoAway only',
      async run(ctx) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.send(FrameType.Data, 0, 1, 6, Buffer.from('before'));
        await awaitData(c, 1, 6, ctx.replyMs);
        c.send(FrameType.GoAway, 0, 0, 0);
        c.send(FrameType.Data, 0, 1, 5, Buffer.from('after'));
        c.send(FrameType.WindowUpdate, Flag.FIN, 1, 0);
        await expectEcho(c, 1, Buffer.from('beforeafter'), ctx.replyMs);
        return ok('stream 1 keeps echoing after GoAway(0), then FIN', 'echoed "beforeafter"');
      },
    },
    ...[1, 2, 0x7f].map((code) => ({
      id: code === 1 ? '5.2' : code === 2 ? '5.3' : '5.4',
      title: code === 1 ? 'GoAway(protocol error) closes the session' : code === 2 ? 'GoAway(internal error) closes the session' : 'GoAway with an unknown code closes the session',
      rule: `spec.md "Go Away"; Go handleGoAway: code ${code} returns ${code === 1 ? '"yamux protocol error"' : code === 2 ? '"remote yamux internal error"' : '"unexpected go away received"'}, the receive loop ends and the session closes`,
      async run(ctx: Parameters<YamuxSection['cases'][number]['run']>[0]) {
        const c = await ctx.connect();
        openStream(c, 1);
        c.send(FrameType.GoAway, 0, 0, code);
        await c.waitClosed(ctx.replyMs);
        const expected = `the IUT closes the connection after GoAway(${code})`;
        if (c.closed) return ok(expected, describeEnd(c));
        if (code > 2 && (await sessionAlive(c, 3, ctx.replyMs))) return nonStrict(expected, 'ignored: the session still echoes');
        return fail(expected, describeEnd(c));
      },
    })),
    {
      id: '5.5',
      title: 'No new streams from the IUT after our GoAway(normal)',
      rule: 'spec.md "Go Away"; Go OpenStream returns ErrRemoteGoAway once remoteGoAway is set',
      needs: [CAPABILITIES.open],
      async run(ctx) {
        const c = await ctx.connect();
        c.send(FrameType.GoAway, 0, 0, 0);
        requestOpen(c, 1, 1, 10);
        await c.until(() => c.book(1).fin > 0, ctx.replyMs);
        await c.until(() => false, ctx.quietMs);
        const opened = [...c.streams.entries()].filter(([id, b]) => id !== 1 && b.syn > 0).map(([id]) => id);
        const expected = 'no SYN from the IUT after GoAway(0)';
        if (c.book(1).fin === 0) return fail(expected, `the command stream was not answered; ${c.summary()}`);
        if (opened.length > 0) return fail(expected, `the IUT opened stream(s) ${opened.join(', ')}`);
        return ok(expected, 'no stream opened');
      },
    },
  ],
};
