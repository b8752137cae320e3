/**
 * Sections 7 and 8: limits (Go AcceptBacklog 256 for un-accepted inbound streams, overflow answered
 * with RST; thousands of streams on one session) and Go's timeouts, scaled by --time-scale
 * (StreamOpenTimeout 75 s closes the whole session; StreamCloseTimeout 5 min resets the stream).
 */
import { Flag, FrameType } from '../../yamux/index.js';
import { CAPABILITIES, GO_TIMEOUTS, type YamuxSection, describeEnd, fail, ok, requestOpen } from './context.js';
import { openStream, pattern } from './driver.js';
import type { RawConn } from './raw-conn.js';

function settled(c: RawConn, ids: readonly number[]): number {
  let n = 0;
  for (const id of ids) {
    const b = c.book(id);
    if (b.fin > 0 || b.rst > 0) n++;
  }
  return n;
}

/** Go's opener stops waiting on ACK, FIN or RST (stream.go `notifyWaiting` signals establishCh); Go never ACKs a stream whose FIN arrived before Accept. */
function unacked(c: RawConn, id: number): boolean {
  const b = c.book(id);
  return b.ack === 0 && b.fin === 0 && b.rst === 0 && b.received === 0;
}

export const limits: YamuxSection = {
  id: '7',
  title: 'Limits',
  cases: [
    {
      id: '7.1',
      title: '1,000 streams, at most 128 awaiting ACK',
      rule: 'Go OpenStream: synCh bounds un-ACKed opens at AcceptBacklog (256; the kit keeps half that in flight); the accepting side serves every stream',
      limitMs: 60_000,
      async run(ctx) {
        const c = await ctx.connect();
        const ids = Array.from({ length: 1000 }, (_, i) => 1 + 2 * i);
        for (const id of ids) {
          const room = await c.until(() => ids.filter((x) => x < id && unacked(c, x)).length < 128 || c.closed, ctx.replyMs);
          if (!room) return fail('streams are ACKed (or answered) as they are accepted', `128 streams unanswered after opening ${(id - 1) / 2}; ${describeEnd(c)}`);
          openStream(c, id);
          const p = pattern(100, id);
          c.send(FrameType.Data, 0, id, p.length, p);
          c.send(FrameType.WindowUpdate, Flag.FIN, id, 0);
          await c.drained();
        }
        await c.until(() => settled(c, ids) === ids.length || c.closed, ctx.replyMs * 4);
        const bad = ids.filter((id) => c.book(id).fin === 0 || !c.data(id).equals(pattern(100, id)));
        const expected = 'all 1,000 streams echo 100 bytes and FIN';
        if (bad.length > 0) return fail(expected, `${bad.length} streams did not (first ${bad.slice(0, 5).map((id) => `${id}: ${c.book(id).received} bytes, FIN ${c.book(id).fin}, RST ${c.book(id).rst}`).join('; ')}); ${describeEnd(c)}`);
        return ok(expected, 'all 1,000 echoed');
      },
    },
    {
      id: '7.2',
      title: '1,000 SYNs in one write: each stream is served or reset',
      rule: 'Go incomingStream: the accept queue holds AcceptBacklog (256); overflow gets WindowUpdate(RST) and the session lives on',
      limitMs: 60_000,
      async run(ctx) {
        const c = await ctx.connect();
        const ids = Array.from({ length: 1000 }, (_, i) => 1 + 2 * i);
        const parts: Buffer[] = [];
        for (const id of ids) {
          const p = pattern(20, id);
          c.book(id).kitWindow -= p.length;
          parts.push(c.header(FrameType.Data, Flag.SYN, id, p.length), p, c.header(FrameType.WindowUpdate, Flag.FIN, id, 0));
        }
        c.writeRaw(Buffer.concat(parts));
        await c.until(() => settled(c, ids) === ids.length || c.closed, ctx.replyMs * 4);
        const echoed = ids.filter((id) => c.book(id).fin > 0 && c.data(id).equals(pattern(20, id))).length;
        const reset = ids.filter((id) => c.book(id).rst > 0).length;
        const expected = 'every stream either echoes its 20 bytes or is reset (backlog overflow); none hangs; at least 256 echo';
        const neither = ids.filter((id) => c.book(id).rst === 0 && !(c.book(id).fin > 0 && c.data(id).equals(pattern(20, id))));
        const detail = neither.slice(0, 3).map((id) => `stream ${id}: ${c.book(id).received} bytes, FIN ${c.book(id).fin}, ACK ${c.book(id).ack}`).join('; ');
        if (echoed + reset < ids.length || echoed < 256) return fail(expected, `${echoed} echoed, ${reset} reset, ${ids.length - echoed - reset} neither (${detail}); ${describeEnd(c)}`);
        return ok(expected, `${echoed} echoed, ${reset} reset`);
      },
    },
    {
      id: '7.3',
      title: '100 concurrent streams, interleaved frames',
      rule: 'spec.md "Framing" (frames of different streams interleave); Go demultiplexes by stream id',
      limitMs: 60_000,
      async run(ctx) {
        const c = await ctx.connect();
        const ids = Array.from({ length: 100 }, (_, i) => 1 + 2 * i);
        const size = 64 * 1024;
        const data = new Map(ids.map((id) => [id, pattern(size, id)]));
        for (const id of ids) openStream(c, id);
        for (let off = 0; off < size; off += 1024) {
          for (const id of ids) {
            const p = (data.get(id) as Buffer).subarray(off, off + 1024);
            c.send(FrameType.Data, 0, id, p.length, p);
            if (off + 1024 >= size) c.send(FrameType.WindowUpdate, Flag.FIN, id, 0);
          }
          await c.drained();
        }
        await c.until(() => settled(c, ids) === ids.length || c.closed, ctx.replyMs * 4);
        const bad = ids.filter((id) => !c.data(id).equals(data.get(id) as Buffer) || c.book(id).fin === 0);
        const expected = '100 streams × 64 KiB in 1 KiB frames, round robin: every echo intact';
        if (bad.length > 0) return fail(expected, `${bad.length} streams wrong (first ${bad.slice(0, 5).join(', ')}: ${c.book(1).received} bytes); ${c.summary()} ${c.violations.join('; ')}`);
        return ok(expected, 'all 100 echoed');
      },
    },
  ],
};

export const timeouts: YamuxSection = {
  id: '8',
  title: 'Timeouts (scaled)',
  cases: [
    {
      id: '8.1',
      title: 'A stream the peer never ACKs closes the session (StreamOpenTimeout)',
      rule: 'Go OpenStream with StreamOpenTimeout (75 s × scale): no ACK in time → the whole session is closed',
      needs: [CAPABILITIES.open, CAPABILITIES.timeouts],
      async run(ctx) {
        const c = await ctx.connect();
        c.autoAck = false;
        requestOpen(c, 1, 1, 10, true);
        const t = GO_TIMEOUTS.streamOpenTimeoutMs * ctx.timeScale;
        const syn = await c.expect((f) => f.streamId % 2 === 0 && (f.flags & Flag.SYN) !== 0, ctx.replyMs, 'a SYN from the IUT');
        await c.waitClosed(t * 2 + 1000);
        const expected = `the session closes about ${t} ms after the unanswered SYN`;
        if (!c.closed) return fail(expected, `still open after ${t * 2 + 1000} ms`);
        const after = (c.closedAtMs ?? 0) - syn.atMs;
        if (after < t * 0.5) return fail(expected, `closed ${after} ms after the SYN`);
        return ok(expected, `closed ${Math.round(after)} ms after the SYN`);
      },
    },
    {
      id: '8.3',
      title: 'A stream the IUT has closed is not subject to StreamOpenTimeout',
      rule: 'Go Stream.Close ends with notifyWaiting(), which signals establishCh: setOpenTimeout stops waiting, so an un-ACKed stream closed locally never kills the session (Go never ACKs a stream whose FIN arrived before Accept)',
      needs: [CAPABILITIES.open, CAPABILITIES.timeouts],
      async run(ctx) {
        const c = await ctx.connect();
        c.autoAck = false;
        requestOpen(c, 1, 1, 10);
        const t = GO_TIMEOUTS.streamOpenTimeoutMs * ctx.timeScale;
        const fin = await c.expect((f) => f.streamId % 2 === 0 && (f.flags & Flag.FIN) !== 0, ctx.replyMs, 'the IUT\'s stream with data and FIN');
        await c.waitClosed(t * 1.5 + 1000);
        const expected = `the session stays open past StreamOpenTimeout (${t} ms) although stream ${fin.streamId} was never ACKed`;
        if (c.closed) return fail(expected, `closed ${Math.round((c.closedAtMs ?? 0) - fin.atMs)} ms after the IUT's FIN; ${describeEnd(c)}`);
        return ok(expected, `still open ${Math.round(t * 1.5 + 1000)} ms later`);
      },
    },
    {
      id: '8.2',
      title: 'A peer that never sends its FIN gets RST (StreamCloseTimeout)',
      rule: 'Go Stream.Close with StreamCloseTimeout (5 min × scale): without the peer\'s FIN the stream is reset with RST',
      needs: [CAPABILITIES.open, CAPABILITIES.timeouts],
      limitMs: 60_000,
      async run(ctx) {
        const c = await ctx.connect();
        requestOpen(c, 1, 1, 10);
        const t = GO_TIMEOUTS.streamCloseTimeoutMs * ctx.timeScale;
        const fin = await c.expect((f) => f.streamId % 2 === 0 && (f.flags & Flag.FIN) !== 0, ctx.replyMs, 'the IUT\'s stream with data and FIN');
        const rst = await c.find((f) => f.streamId === fin.streamId && (f.flags & Flag.RST) !== 0, t * 2 + 1000);
        const expected = `RST on stream ${fin.streamId} about ${t} ms after its FIN`;
        if (rst === undefined) return fail(expected, `no RST within ${t * 2 + 1000} ms; ${describeEnd(c)}`);
        const after = rst.atMs - fin.atMs;
        if (after < t * 0.5) return fail(expected, `RST ${after} ms after the FIN`);
        return ok(expected, `RST ${Math.round(after)} ms after the FIN`);
      },
    },
  ],
};
