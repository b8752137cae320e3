/**
 * Client role, sections 7–9: the IUT's net/rpc client against the kit's raw server (net/rpc
 * client.go send / input, gobClientCodec). Each case runs one scenario of the duty and judges
 * both what the client wrote (headers, Seqs, type definitions) and what it reported per call.
 */
import { bytes, int64, string as gobString, struct, uintAuto } from '../../gob/index.js';
import { bytesEqual } from '../../internal/bytes.js';
import { answer, readAdds, readCall, runScenario, sameLines, serveAdd } from './client-driver.js';
import { fail, info, nonStrict, ok, type RpcSection } from './context.js';
import { InvalidRequest } from './gob-wire.js';
import { Payload, byteSum, pattern } from './service.js';

const lines = (l: readonly string[]): string => JSON.stringify(l);

const calls: RpcSection = {
  id: '7',
  title: 'Client: calls and sequence numbers',
  cases: [
    {
      id: '7.1',
      title: 'Seq starts at 0 and counts every call',
      rule: 'net/rpc client.go send: seq := client.seq; client.seq++ (from 0, per Client); Request{ServiceMethod, Seq}',
      async run(ctx) {
        const run = await runScenario(ctx, 'seq', async (w) => [await serveAdd(ctx, w), await serveAdd(ctx, w), await serveAdd(ctx, w)]);
        const seqs = [run.nextSeq, ...run.served.map((c) => c.seq)].map(Number);
        const args = run.served.map((c) => `${c.body.A}+${c.body.B}`).join(', ');
        const want = ['ok 3', 'ok 7', 'ok 11'];
        const expected = `Seqs 0 (Conf.Next), 1, 2, 3; Args 1+2, 3+4, 5+6; reported ${lines(want)}`;
        const observed = `Seqs ${seqs.join(', ')}; Args ${args}; reported ${lines(run.lines)}`;
        if (args !== '1+2, 3+4, 5+6' || !sameLines(run.lines, want) || new Set(seqs).size !== 4) return fail(expected, observed);
        return seqs.join() === '0,1,2,3' ? ok(expected, observed) : nonStrict(expected, observed);
      },
    },
    {
      id: '7.2',
      title: 'Type definitions are sent once per connection',
      rule: 'net/rpc client.go gobClientCodec: one gob Encoder per connection; Request and Args are defined before their first use only',
      async run(ctx) {
        let afterFirst = 0;
        const run = await runScenario(ctx, 'seq', async (w) => {
          await serveAdd(ctx, w);
          afterFirst = w.definitions().length;
          await serveAdd(ctx, w);
          await serveAdd(ctx, w);
        });
        const defs = run.wire.definitions();
        const expected = 'no definitions after the first Conf.Add, no type id defined twice';
        const observed = `defined ${defs.join(', ')}; ${defs.length - afterFirst} after the first Conf.Add`;
        return defs.length === afterFirst && new Set(defs).size === defs.length ? ok(expected, observed) : fail(expected, observed);
      },
    },
    {
      id: '7.3',
      title: '20 calls in flight, answered in reverse order',
      rule: 'net/rpc client.go: calls are pending in a map by Seq; input() matches each response by Seq only',
      async run(ctx) {
        const run = await runScenario(ctx, 'concurrent', async (w) => {
          const cs = await readAdds(ctx, w, 20);
          for (const c of [...cs].reverse()) answer(w, c, c.body.A + c.body.B, int64);
          return cs;
        });
        const want = Array.from({ length: 20 }, (_, i) => `ok ${i + 1000}`);
        const seqs = new Set(run.served.map((c) => Number(c.seq)));
        const expected = `20 distinct Seqs in flight; reported ${want[0]} … ${want[19]} in call order`;
        const observed = `${seqs.size} distinct Seqs; reported ${lines(run.lines)}`;
        return seqs.size === 20 && sameLines(run.lines, want) ? ok(expected, observed) : fail(expected, observed);
      },
    },
    {
      id: '7.4',
      title: 'Replies out of order: third, first, second',
      rule: 'net/rpc client.go input: `call := client.pending[response.Seq]` — order of responses is irrelevant',
      async run(ctx) {
        const run = await runScenario(ctx, 'out-of-order', async (w) => {
          const cs = [await readCall(ctx, w, 'Conf.Delay', int64), await readCall(ctx, w, 'Conf.Delay', int64), await readCall(ctx, w, 'Conf.Delay', int64)];
          for (const i of [2, 0, 1]) answer(w, cs[i] as (typeof cs)[number], (cs[i] as (typeof cs)[number]).body, int64);
        });
        const want = ['ok 3', 'ok 2', 'ok 1'];
        const expected = `reported ${lines(want)}`;
        return sameLines(run.lines, want) ? ok(expected, lines(run.lines)) : fail(expected, lines(run.lines));
      },
    },
  ],
};

/** Conf.Fail answered with `errorBody` after the error header, then Conf.Add answered normally. */
async function errorScenario(ctx: Parameters<RpcSection['cases'][number]['run']>[0], bodyAsString: boolean): Promise<readonly string[]> {
  const run = await runScenario(ctx, 'error', async (w) => {
    const c = await readCall(ctx, w, 'Conf.Fail', gobString);
    w.send(bodyAsString ? w.response(c.serviceMethod, c.seq, c.body, 'an error body of another type', gobString) : w.response(c.serviceMethod, c.seq, c.body, {}, InvalidRequest));
    await serveAdd(ctx, w);
  });
  return run.lines;
}

const odd: RpcSection = {
  id: '8',
  title: 'Client: error replies and odd responses',
  cases: [
    {
      id: '8.1',
      title: 'An error reply fails only its call',
      rule: 'net/rpc client.go input: Error != "" → call.Error = ServerError(Error), the body is read and discarded, the client goes on',
      async run(ctx) {
        const got = await errorScenario(ctx, false);
        const want = ['err boom: 42', 'ok 4'];
        return sameLines(got, want) ? ok(`reported ${lines(want)}`, lines(got)) : fail(`reported ${lines(want)}`, lines(got));
      },
    },
    {
      id: '8.2',
      title: 'An error reply whose body is not struct{}',
      rule: 'net/rpc client.go input: the body after an error header is ReadResponseBody(nil) — discarded whatever its type',
      async run(ctx) {
        const got = await errorScenario(ctx, true);
        const want = ['err boom: 42', 'ok 4'];
        return sameLines(got, want) ? ok(`reported ${lines(want)}`, lines(got)) : fail(`reported ${lines(want)}`, lines(got));
      },
    },
    {
      id: '8.3',
      title: 'A response for an unknown Seq is skipped',
      rule: 'net/rpc client.go input: call == nil → ReadResponseBody(nil), the response is dropped and reading goes on',
      async run(ctx) {
        const run = await runScenario(ctx, 'two', async (w) => {
          for (let i = 0; i < 2; i++) {
            const [c] = await readAdds(ctx, w, 1);
            if (c === undefined) return;
            w.send(w.response('Conf.Add', BigInt(c.seq) + 1000n, '', 99, int64));
            answer(w, c, c.body.A + c.body.B, int64);
          }
        });
        const want = ['ok 2', 'ok 4'];
        return sameLines(run.lines, want) ? ok(`reported ${lines(want)}`, lines(run.lines)) : fail(`reported ${lines(want)}`, lines(run.lines));
      },
    },
    {
      id: '8.4',
      title: 'A response header with an extra field and another ServiceMethod',
      rule: 'gob ignores fields the local Response lacks; net/rpc client.go matches by Seq only, never by ServiceMethod',
      async run(ctx) {
        const Wide = struct('Response', { ServiceMethod: gobString, Seq: uintAuto, Error: gobString, Extra: gobString });
        const run = await runScenario(ctx, 'two', async (w) => {
          for (let i = 0; i < 2; i++) {
            const [c] = await readAdds(ctx, w, 1);
            if (c === undefined) return;
            w.send(w.response('Other.Thing', c.seq, '', c.body.A + c.body.B, int64, Wide, { Extra: 'x' }));
          }
        });
        const want = ['ok 2', 'ok 4'];
        return sameLines(run.lines, want) ? ok(`reported ${lines(want)}`, lines(run.lines)) : fail(`reported ${lines(want)}`, lines(run.lines));
      },
    },
    {
      id: '8.5',
      title: 'A reply body of the wrong type shuts the client down',
      rule: 'net/rpc client.go input: ReadResponseBody fails → call.Error = "reading body " + err, the read loop ends, later calls get ErrShutdown ("connection is shut down")',
      async run(ctx) {
        const run = await runScenario(ctx, 'two', async (w) => {
          const [c] = await readAdds(ctx, w, 1);
          if (c !== undefined) answer(w, c, 'not an int', gobString);
          // Go sends no second request; a client that survived may.
          try {
            const [d] = await readAdds(ctx, w, 1);
            if (d !== undefined) answer(w, d, d.body.A + d.body.B, int64);
          } catch {
            // The client closed the connection.
          }
        });
        const expected = 'reported ["err reading body <gob error>", "err connection is shut down"]';
        const [a = '', b = ''] = run.lines;
        if (a.startsWith('err reading body ') && b === 'err connection is shut down' && run.lines.length === 2) return ok(expected, lines(run.lines));
        if (a.startsWith('err ') && run.lines.length === 2) return nonStrict(expected, lines(run.lines));
        return fail(expected, lines(run.lines));
      },
    },
    {
      id: '8.6',
      title: 'A 1 MiB argument and reply, and a 2 MiB reply in 1000-byte pieces',
      rule: 'gob messages are read whole whatever their size (up to Go\'s 1 GiB tooBig)',
      limitMs: 60_000,
      async run(ctx) {
        let argOk = false;
        const run = await runScenario(ctx, 'big', async (w) => {
          const e = await readCall(ctx, w, 'Conf.Echo', Payload, ctx.replyMs * 4);
          argOk = e.body.Text === 'big' && bytesEqual(e.body.Data, pattern(1 << 20));
          w.send(w.response(e.serviceMethod, e.seq, '', e.body, Payload), 1000);
          const b = await readCall(ctx, w, 'Conf.Big', int64);
          w.send(w.response(b.serviceMethod, b.seq, '', pattern(b.body), bytes), 1000);
        });
        const want = [`ok big ${1 << 20} ${byteSum(pattern(1 << 20))}`, `ok ${2 << 20} ${byteSum(pattern(2 << 20))}`];
        const expected = `the Echo argument is 1 MiB of pattern bytes; reported ${lines(want)}`;
        const observed = `argument ${argOk ? 'correct' : 'WRONG'}; reported ${lines(run.lines)}`;
        return argOk && sameLines(run.lines, want) ? ok(expected, observed) : fail(expected, observed);
      },
    },
    {
      id: '8.7',
      title: 'Replies written one byte at a time',
      rule: 'gob decoder.go reads a message by its count across any number of reads (net/rpc client.go input reads from one gob Decoder)',
      async run(ctx) {
        const run = await runScenario(ctx, 'two', async (w) => {
          for (let i = 0; i < 2; i++) {
            const [c] = await readAdds(ctx, w, 1);
            if (c === undefined) return;
            for (const b of Buffer.concat(w.response(c.serviceMethod, c.seq, '', c.body.A + c.body.B, int64))) {
              w.send(Buffer.from([b]));
              await new Promise((resolve) => setTimeout(resolve, 1));
            }
          }
        });
        const want = ['ok 2', 'ok 4'];
        return sameLines(run.lines, want) ? ok(`reported ${lines(want)}`, lines(run.lines)) : fail(`reported ${lines(want)}`, lines(run.lines));
      },
    },
  ],
};

const shutdown: RpcSection = {
  id: '9',
  title: 'Client: shutdown',
  cases: [
    {
      id: '9.1',
      title: 'The server closes with a call pending',
      rule: 'net/rpc client.go input: io.EOF while not closing → pending calls get io.ErrUnexpectedEOF ("unexpected EOF"); later calls ErrShutdown ("connection is shut down")',
      async run(ctx) {
        const run = await runScenario(ctx, 'server-close', async (w) => {
          await readCall(ctx, w, 'Conf.Delay', int64);
          w.socket.end();
        });
        const want = ['err unexpected EOF', 'err connection is shut down'];
        const expected = `reported ${lines(want)}`;
        if (sameLines(run.lines, want)) return ok(expected, lines(run.lines));
        if (run.lines.length === 2 && run.lines.every((l) => l.startsWith('err '))) return nonStrict(expected, lines(run.lines));
        return fail(expected, lines(run.lines));
      },
    },
    {
      id: '9.2',
      title: 'Close ends the connection',
      rule: 'net/rpc client.go Close: codec.Close() closes the connection; nothing more is written',
      async run(ctx) {
        let observed = '';
        const run = await runScenario(ctx, 'close', async (w) => {
          await serveAdd(ctx, w);
          const before = w.bytesIn;
          const closed = await w.waitClosed(ctx.replyMs);
          observed = `${closed ? 'closed' : `still open after ${ctx.replyMs} ms`}; ${w.bytesIn - before} byte(s) after the reply`;
          return closed && w.bytesIn === before;
        });
        const expected = 'the connection closes after the reply, with nothing more written; reported ["ok 2"]';
        return run.served && sameLines(run.lines, ['ok 2']) ? ok(expected, `${observed}; ${lines(run.lines)}`) : fail(expected, `${observed}; ${lines(run.lines)}`);
      },
    },
    {
      id: '9.3',
      title: 'What a call pending when the client closes gets',
      rule: 'net/rpc client.go Close: the read loop ends with the transport\'s read error (TCP: "use of closed network connection"), which pending calls get; ErrShutdown only if the read returned io.EOF. Implementations differ (go-netrpc: "connection is shut down"), so this is recorded only',
      async run(ctx) {
        const run = await runScenario(ctx, 'close-pending', async (w) => {
          await readCall(ctx, w, 'Conf.Delay', int64).catch(() => undefined);
          await w.waitClosed(ctx.replyMs);
        });
        // Addresses in Go's net.OpError text vary from run to run.
        return info('an error', lines(run.lines.map((l) => l.replace(/\d+\.\d+\.\d+\.\d+:\d+/g, 'HOST:PORT'))));
      },
    },
  ],
};

export const CLIENT_SECTIONS: readonly RpcSection[] = [calls, odd, shutdown];
