/**
 * Server role, sections 5–6: big bodies (gob messages far larger than a socket read) and
 * shutdown (net/rpc server.go ServeCodec: on EOF it stops reading, waits for the calls in
 * flight to reply — wg.Wait — and closes the codec; a connection torn down mid-call leaves the
 * server serving others).
 */
import { bytes, int64 } from '../../gob/index.js';
import { bytesEqual } from '../../internal/bytes.js';
import { fail, nonStrict, ok, sendAdd, show, stillServes, type RpcSection } from './context.js';
import { Payload, pattern } from './service.js';

export const big: RpcSection = {
  id: '5',
  title: 'Big bodies',
  cases: [
    {
      id: '5.1',
      title: 'Echo of a 1 MiB argument written in 1000-byte pieces',
      rule: 'gob decoder.go reads a whole message (up to its 1 GiB tooBig) before decoding; net/rpc has no smaller limit',
      limitMs: 60_000,
      async run(ctx) {
        const w = await ctx.connect();
        const data = pattern(1 << 20);
        w.send(w.request('Conf.Echo', 1, { Text: 'big', Data: data }, Payload), 1000);
        const r = await w.reply(Payload, ctx.replyMs * 4);
        const expected = 'Seq 1, Payload{"big", the same 1 MiB}';
        const same = r.body !== null && r.body.Text === 'big' && bytesEqual(r.body.Data, data);
        return same && r.seq === 1 ? ok(expected, show(r)) : fail(expected, show(r));
      },
    },
    {
      id: '5.2',
      title: 'An 8 MiB reply',
      rule: 'net/rpc server.go sendResponse encodes the whole reply as one gob message; gob allows messages up to 1 GiB',
      limitMs: 60_000,
      async run(ctx) {
        const w = await ctx.connect();
        const n = 8 << 20;
        w.send(w.request('Conf.Big', 2, n, int64));
        const r = await w.reply(bytes, ctx.replyMs * 4);
        const expected = `Seq 2, ${n} bytes, byte i = i % 251`;
        const good = r.body !== null && bytesEqual(r.body, pattern(n));
        return good && r.seq === 2 ? ok(expected, show(r)) : fail(expected, show(r));
      },
    },
  ],
};

export const shutdown: RpcSection = {
  id: '6',
  title: 'Shutdown',
  cases: [
    {
      id: '6.1',
      title: 'The client half-closes with a call in flight: the reply still comes, then the close',
      rule: 'net/rpc server.go ServeCodec: on io.EOF it breaks the read loop, wg.Wait()s for the calls in flight, then codec.Close()',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.request('Conf.Delay', 1, 300, int64));
        w.socket.end();
        const expected = 'the reply to Delay(300) (Seq 1), then the connection closes';
        let r;
        try {
          r = await w.reply(int64, ctx.replyMs + 300);
        } catch (err) {
          return fail(expected, (err as { observed?: string }).observed ?? String(err));
        }
        const closed = await w.waitClosed(ctx.replyMs);
        const observed = `${show(r)} at ${r.atMs} ms; ${closed ? `closed at ${w.closedAtMs} ms` : 'still open'}`;
        if (r.seq === 1 && r.body === 300 && closed) return ok(expected, observed);
        if (r.seq === 1 && r.body === 300) return nonStrict(expected, observed);
        return fail(expected, observed);
      },
    },
    {
      id: '6.2',
      title: 'A connection reset mid-call leaves the server serving',
      rule: 'net/rpc server.go: a failed response write is only logged; each connection is independent (ServeConn per connection)',
      async run(ctx) {
        const a = await ctx.connect();
        a.send(a.request('Conf.Delay', 0, 100, int64));
        sendAdd(a, 1, 1, 1);
        a.socket.resetAndDestroy();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const b = await ctx.connect();
        const after = await stillServes(ctx, b, 0);
        const expected = 'a new connection is served after another was reset with two calls in flight';
        return after === undefined ? ok(expected, 'served') : fail(expected, after);
      },
    },
    {
      id: '6.3',
      title: 'The server does not close an idle connection',
      rule: 'net/rpc has no idle timeout: ServeCodec blocks in ReadRequestHeader until the client writes or closes',
      async run(ctx) {
        const w = await ctx.connect();
        await new Promise((resolve) => setTimeout(resolve, ctx.quietMs * 3));
        const expected = 'still open and serving after an idle pause';
        if (w.closed) return fail(expected, `closed at ${w.closedAtMs} ms`);
        const after = await stillServes(ctx, w, 0);
        return after === undefined ? ok(expected, 'served') : fail(expected, after);
      },
    },
  ],
};
