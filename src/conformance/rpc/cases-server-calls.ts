/**
 * Server role, sections 1–2: calls and sequence numbers (net/rpc server.go sendResponse echoes
 * ServiceMethod and Seq; gobServerCodec keeps one Encoder per connection), concurrency and
 * ordering (server.go ServeCodec runs each call in its own goroutine: replies go out in
 * completion order).
 */
import { int64 } from '../../gob/index.js';
import { fail, nonStrict, ok, sendAdd, show, type RpcSection } from './context.js';
import { Args } from './service.js';

const SEQS: readonly (number | bigint)[] = [7, 2 ** 32 + 1, 2n ** 53n + 1n, 2n ** 64n - 1n];

export const calls: RpcSection = {
  id: '1',
  title: 'Calls and sequence numbers',
  cases: [
    {
      id: '1.1',
      title: 'One call: header echoes ServiceMethod and Seq',
      rule: 'net/rpc server.go sendResponse: Response{ServiceMethod, Seq} copied from the Request, Error "" and the reply value',
      async run(ctx) {
        const w = await ctx.connect();
        sendAdd(w, 0, 2, 3);
        const r = await w.reply(int64, ctx.replyMs);
        const expected = 'Response{"Conf.Add", Seq 0, Error ""} body 5';
        return r.serviceMethod === 'Conf.Add' && r.seq === 0 && r.error === '' && r.body === 5 ? ok(expected, show(r)) : fail(expected, show(r));
      },
    },
    {
      id: '1.2',
      title: 'Seq is echoed exactly, up to 2^64-1',
      rule: 'net/rpc server.go: Response.Seq = Request.Seq (uint64; the client matches replies by Seq only)',
      async run(ctx) {
        const w = await ctx.connect();
        const seen: string[] = [];
        let bad = false;
        for (const [i, seq] of SEQS.entries()) {
          sendAdd(w, seq, i, 1);
          const r = await w.reply(int64, ctx.replyMs);
          seen.push(String(r.seq));
          if (BigInt(r.seq) !== BigInt(seq) || r.body !== i + 1 || r.error !== '') bad = true;
        }
        const expected = `Seqs ${SEQS.join(', ')} echoed`;
        return bad ? fail(expected, `echoed ${seen.join(', ')}`) : ok(expected, `echoed ${seen.join(', ')}`);
      },
    },
    {
      id: '1.3',
      title: 'A Seq used twice is answered twice',
      rule: 'net/rpc server.go: the server does not track Seqs; every request gets a response carrying its Seq',
      async run(ctx) {
        const w = await ctx.connect();
        sendAdd(w, 3, 1, 1);
        const a = await w.reply(int64, ctx.replyMs, 'the first reply');
        sendAdd(w, 3, 2, 2);
        const b = await w.reply(int64, ctx.replyMs, 'the second reply');
        const expected = 'two replies with Seq 3: 2 and 4';
        return a.seq === 3 && b.seq === 3 && a.body === 2 && b.body === 4 ? ok(expected, `${show(a)}; ${show(b)}`) : fail(expected, `${show(a)}; ${show(b)}`);
      },
    },
    {
      id: '1.4',
      title: 'Type definitions are sent once per connection',
      rule: 'net/rpc server.go gobServerCodec: one gob Encoder per connection, so Response and reply types are defined once (gob encoder.go sendTypeDescriptor)',
      async run(ctx) {
        const w = await ctx.connect();
        sendAdd(w, 0, 1, 1);
        await w.reply(int64, ctx.replyMs);
        const first = w.definitions();
        for (let i = 1; i <= 3; i++) {
          sendAdd(w, i, i, i);
          await w.reply(int64, ctx.replyMs);
        }
        const all = w.definitions();
        const expected = 'definitions only before the first reply, no type id defined twice';
        const observed = `defined ${first.join(', ') || 'nothing'} with the first reply; ${all.length - first.length} definition(s) with the next three`;
        return all.length === first.length && new Set(all).size === all.length && first.length > 0 ? ok(expected, observed) : fail(expected, observed);
      },
    },
    {
      id: '1.5',
      title: 'Three requests in one write',
      rule: 'net/rpc server.go ServeCodec reads requests back to back from one gob stream, whatever the chunking',
      async run(ctx) {
        const w = await ctx.connect();
        w.send([0, 1, 2].flatMap((i) => w.request('Conf.Add', i, { A: i, B: 10 }, Args)));
        const got: string[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await w.reply(int64, ctx.replyMs, `reply ${i + 1} of 3`);
          got.push(`${r.seq}:${String(r.body)}`);
        }
        const expected = 'replies 0:10, 1:11, 2:12 (any order)';
        return [...got].sort().join(' ') === '0:10 1:11 2:12' ? ok(expected, got.join(' ')) : fail(expected, got.join(' '));
      },
    },
    {
      id: '1.6',
      title: 'A request written one byte at a time',
      rule: 'gob decoder.go reads a message by its count across any number of reads',
      async run(ctx) {
        const w = await ctx.connect();
        const bytes = Buffer.concat(w.request('Conf.Add', 1, { A: 40, B: 2 }, Args));
        for (const b of bytes) {
          w.send(Buffer.from([b]));
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        const r = await w.reply(int64, ctx.replyMs);
        const expected = 'Seq 1, body 42';
        return r.seq === 1 && r.body === 42 ? ok(expected, show(r)) : fail(expected, show(r));
      },
    },
  ],
};

export const concurrency: RpcSection = {
  id: '2',
  title: 'Concurrency and ordering',
  cases: [
    {
      id: '2.1',
      title: 'Replies in completion order (a quick call overtakes a slow one)',
      rule: 'net/rpc server.go ServeCodec: `go service.call(...)` per request; sendResponse as each call returns',
      async run(ctx) {
        // Long enough that a loaded machine cannot make the quick call arrive after it.
        const slow = 1500;
        const w = await ctx.connect();
        w.send(w.request('Conf.Delay', 0, slow, int64));
        w.send(w.request('Conf.Delay', 1, 0, int64));
        const a = await w.reply(int64, ctx.replyMs + slow, 'the first reply');
        const b = await w.reply(int64, ctx.replyMs + slow, 'the second reply');
        const expected = `Seq 1 (Delay 0) answered first, then Seq 0 (Delay ${slow})`;
        const observed = `${show(a)} at ${a.atMs} ms, then ${show(b)} at ${b.atMs} ms`;
        if (a.seq === 1 && a.body === 0 && b.seq === 0 && b.body === slow) return ok(expected, observed);
        if (a.seq === 0 && a.body === slow && b.seq === 1 && b.body === 0) return nonStrict(expected, `${observed} (calls are served one at a time)`);
        return fail(expected, observed);
      },
    },
    {
      id: '2.2',
      title: '100 calls in flight on one connection',
      rule: 'net/rpc server.go: any number of requests may be pending; each reply carries its request\'s Seq',
      limitMs: 60_000,
      async run(ctx) {
        const w = await ctx.connect();
        const n = 100;
        w.send(Array.from({ length: n }, (_, i) => w.request('Conf.Add', i, { A: i, B: i }, Args)).flat());
        const seen = new Map<number, unknown>();
        const bad: string[] = [];
        for (let i = 0; i < n; i++) {
          const r = await w.reply(int64, ctx.replyMs * 2, `reply ${i + 1} of ${n}`);
          const s = Number(r.seq);
          if (seen.has(s) || r.body !== 2 * s || r.error !== '') bad.push(show(r));
          seen.set(s, r.body);
        }
        const expected = `${n} replies, Seqs 0..${n - 1} once each, body 2·Seq`;
        return bad.length === 0 && seen.size === n ? ok(expected, `${seen.size} distinct Seqs`) : fail(expected, `${seen.size} distinct Seqs; wrong: ${bad.slice(0, 3).join('; ')}`);
      },
    },
    {
      id: '2.3',
      title: '50 connections at once',
      rule: 'net/rpc server.go Accept: each connection is served by its own ServeConn',
      limitMs: 60_000,
      async run(ctx) {
        const ws = await Promise.all(Array.from({ length: 50 }, () => ctx.connect()));
        ws.forEach((w, i) => sendAdd(w, 0, i, 1));
        const got = await Promise.all(ws.map(async (w, i) => ((await w.reply(int64, ctx.replyMs * 2, `the reply on connection ${i + 1}`)).body === i + 1 ? 1 : 0)));
        const good = got.reduce<number>((a, b) => a + b, 0);
        for (const w of ws) w.destroy();
        const expected = '50 correct replies';
        return good === 50 ? ok(expected, `${good} correct`) : fail(expected, `${good} correct`);
      },
    },
  ],
};
