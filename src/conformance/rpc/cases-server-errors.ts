/**
 * Server role, sections 3–4: error replies with Go's texts (net/rpc server.go readRequestHeader,
 * sendResponse with invalidRequest) and malformed requests (readRequest: a body that does not
 * decode is answered with the gob error and the connection kept; a header that does not decode
 * ends the connection without a response).
 */
import { int64, string as gobString, struct, uintAuto, type Descriptor } from '../../gob/index.js';
import { fail, info, nonStrict, ok, show, stillServes, type RpcCase, type RpcCtx, type RpcSection } from './context.js';
import type { Outcome } from '../types.js';
import { Request, Response, type GobWire } from './gob-wire.js';
import { Args, Payload } from './service.js';

/** A bad request answered with `text`, then the connection serves a following Conf.Add. */
function lookupCase(id: string, title: string, method: string, text: string, rule: string): RpcCase {
  return {
    id,
    title,
    rule,
    async run(ctx) {
      const w = await ctx.connect();
      w.send(w.request(method, 5, { A: 1, B: 2 }, Args));
      const r = await w.reply(int64, ctx.replyMs);
      const expected = `Response{${JSON.stringify(method)}, Seq 5, Error ${JSON.stringify(text)}}, then the connection still serves calls`;
      if (r.error !== text || r.seq !== 5 || r.serviceMethod !== method) return fail(expected, show(r));
      const after = await stillServes(ctx, w, 6);
      return after === undefined ? ok(expected, show(r)) : fail(expected, `${show(r)}; ${after}`);
    },
  };
}

/**
 * A request whose body does not decode as the method's argument: Go answers with the gob error
 * and keeps the connection (server.go readRequest returns keepReading = true).
 */
async function badBody(ctx: RpcCtx, w: GobWire, what: string): Promise<Outcome> {
  const expected = `${what}: an error response with Seq 9 (Go: the gob error text), then the connection still serves calls`;
  let r;
  try {
    r = await w.reply(int64, ctx.replyMs);
  } catch (err) {
    const e = err as { observed?: string };
    return w.closed ? nonStrict(expected, `no error response; the connection closed (${e.observed ?? ''})`) : fail(expected, e.observed ?? String(err));
  }
  if (r.error === '' || r.seq !== 9) return fail(expected, show(r));
  const after = await stillServes(ctx, w, 10);
  if (after === undefined) return ok(expected, show(r));
  return w.closed ? nonStrict(expected, `${show(r)}; then the connection closed`) : fail(expected, `${show(r)}; ${after}`);
}

/** Raw gob message bytes: uint(count) then `body`. */
function message(body: readonly number[]): Buffer {
  return Buffer.from([body.length, ...body]);
}

export const errors: RpcSection = {
  id: '3',
  title: 'Error replies',
  cases: [
    {
      id: '3.1',
      title: 'A method error: Error is its text, the connection stays usable',
      rule: 'net/rpc server.go service.call: errmsg = err.Error(); sendResponse(…, invalidRequest, errmsg); the client sees ServerError',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.request('Conf.Fail', 2, 'boom: 42', gobString));
        const r = await w.reply(int64, ctx.replyMs);
        const expected = 'Response{"Conf.Fail", Seq 2, Error "boom: 42"}, then the connection still serves calls';
        if (r.error !== 'boom: 42' || r.seq !== 2 || r.serviceMethod !== 'Conf.Fail') return fail(expected, show(r));
        const after = await stillServes(ctx, w, 3);
        return after === undefined ? ok(expected, show(r)) : fail(expected, `${show(r)}; ${after}`);
      },
    },
    {
      id: '3.2',
      title: 'The body of an error response is struct{}{}',
      rule: 'net/rpc server.go: `var invalidRequest = struct{}{}` is sent after every error header (clients discard it whatever its type)',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.request('Conf.Fail', 0, 'x', gobString));
        await w.next(Response, ctx.replyMs, 'the error header');
        const v = await w.nextValue(ctx.replyMs, 'the error body');
        const t = v.type as Descriptor & { kind: string; fields?: readonly unknown[] };
        const expected = 'an empty struct value';
        const observed = `a value of kind ${t.kind}${t.kind === 'struct' ? ` with ${t.fields?.length ?? 0} field(s)` : ''}`;
        return t.kind === 'struct' && (t.fields?.length ?? 0) === 0 ? ok(expected, observed) : nonStrict(expected, observed);
      },
    },
    lookupCase('3.3', 'Unknown service', 'Nope.Add', 'rpc: can\'t find service Nope.Add', 'net/rpc server.go readRequestHeader: "rpc: can\'t find service " + ServiceMethod; the body is discarded, the connection kept'),
    lookupCase('3.4', 'Unknown method', 'Conf.Nope', 'rpc: can\'t find method Conf.Nope', 'net/rpc server.go readRequestHeader: "rpc: can\'t find method " + ServiceMethod'),
    lookupCase('3.5', 'ServiceMethod without a dot', 'ConfAdd', 'rpc: service/method request ill-formed: ConfAdd', 'net/rpc server.go readRequestHeader: strings.LastIndex(ServiceMethod, ".") < 0 → "rpc: service/method request ill-formed: " + ServiceMethod'),
    lookupCase('3.6', 'Empty ServiceMethod', '', 'rpc: service/method request ill-formed: ', 'net/rpc server.go readRequestHeader: an empty ServiceMethod has no dot'),
    lookupCase('3.7', 'Service name split at the last dot', 'Conf.Add.X', 'rpc: can\'t find service Conf.Add.X', 'net/rpc server.go readRequestHeader: the service is ServiceMethod[:LastIndex(".")] ("Conf.Add")'),
    {
      id: '3.8',
      title: 'Type definitions inside a discarded body are kept',
      rule: 'net/rpc server.go readRequest: codec.ReadRequestBody(nil) on a lookup error — gob Decode(nil) records the body\'s type definitions, so later requests use them without re-sending',
      async run(ctx) {
        const w = await ctx.connect();
        // The first Args value (with its definition) goes to an unknown service; the second
        // call's Args body refers to the same type id without defining it again.
        w.send(w.request('Nope.Add', 0, { A: 1, B: 1 }, Args));
        const r = await w.reply(int64, ctx.replyMs, 'the error reply');
        const expected = 'an error for Nope.Add, then Conf.Add (its Args type defined only in the discarded body) answered 42';
        const after = await stillServes(ctx, w, 1);
        return after === undefined ? ok(expected, `${show(r)}; then 42`) : fail(expected, `${show(r)}; ${after}`);
      },
    },
  ],
};

export const malformed: RpcSection = {
  id: '4',
  title: 'Malformed requests',
  cases: [
    {
      id: '4.1',
      title: 'A body of the wrong type (string for Args)',
      rule: 'net/rpc server.go readRequest: ReadRequestBody fails → error response with the gob error text, keepReading',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.request('Conf.Add', 9, 'not args', gobString));
        return badBody(ctx, w, 'a string where Args is expected');
      },
    },
    {
      id: '4.2',
      title: 'A body struct with no field in common with Args',
      rule: 'gob decode.go compileDec: "type mismatch: no fields matched compiling decoder for …" → error response, connection kept',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.request('Conf.Add', 9, { Text: 'x', Data: new Uint8Array([1]) }, Payload));
        return badBody(ctx, w, 'a Payload where Args is expected');
      },
    },
    {
      id: '4.3',
      title: 'A body of an undefined type id',
      rule: 'gob decoder.go: a value of a type id never defined fails that Decode; net/rpc answers the error and keeps reading',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.enc.encode({ ServiceMethod: 'Conf.Add', Seq: 9 }, Request));
        // int(100) = 0xff 0xc8 as a gob int; then the struct end.
        w.send(message([0xff, 0xc8, 0x00]));
        return badBody(ctx, w, 'a value of type id 100');
      },
    },
    {
      id: '4.4',
      title: 'A corrupt body value (field delta past the last field)',
      rule: 'gob decode.go decodeStruct: "field number out of range"-class errors fail that Decode only; net/rpc answers and keeps reading',
      async run(ctx) {
        const w = await ctx.connect();
        // Define Args with a first call, then send an Args value whose field delta is 9.
        w.send(w.request('Conf.Add', 8, { A: 1, B: 1 }, Args));
        await w.reply(int64, ctx.replyMs, 'the first reply');
        // Args is defined now: its value message is count, type id (2 bytes), field delta, ….
        const v = Buffer.from(w.enc.encode({ A: 1, B: 1 }, Args));
        v[3] = 0x09;
        w.send([w.enc.encode({ ServiceMethod: 'Conf.Add', Seq: 9 }, Request), v]);
        return badBody(ctx, w, 'an Args value with field delta 9');
      },
    },
    {
      id: '4.5',
      title: 'A request header with an extra field',
      rule: 'gob decode.go: fields the local struct lacks are ignored, so Go answers the call normally',
      async run(ctx) {
        const w = await ctx.connect();
        const Wide = struct('Request', { ServiceMethod: gobString, Seq: uintAuto, Extra: gobString });
        w.send(w.request('Conf.Add', 4, { A: 3, B: 4 }, Args, Wide, { Extra: 'ignored' }));
        const r = await w.reply(int64, ctx.replyMs);
        const expected = 'Seq 4, body 7';
        return r.seq === 4 && r.body === 7 && r.error === '' ? ok(expected, show(r)) : fail(expected, show(r));
      },
    },
    {
      id: '4.6',
      title: 'A request header without a Seq field',
      rule: 'gob: an absent field decodes as its zero value, so the call is Seq 0',
      async run(ctx) {
        const w = await ctx.connect();
        const Narrow = struct('Request', { ServiceMethod: gobString });
        w.send([w.enc.encode({ ServiceMethod: 'Conf.Add' }, Narrow), w.enc.encode({ A: 5, B: 5 }, Args)]);
        const r = await w.reply(int64, ctx.replyMs);
        const expected = 'Seq 0, body 10';
        return r.seq === 0 && r.body === 10 && r.error === '' ? ok(expected, show(r)) : fail(expected, show(r));
      },
    },
    headerBreaks('4.7', 'A header that is not a struct (a string)', 'net/rpc server.go readRequestHeader: a header that does not decode → "rpc: server cannot decode request", the connection is closed without a response', (w) => w.send([w.enc.encode('Conf.Add', gobString), w.enc.encode({ A: 1, B: 1 }, Args)])),
    headerBreaks('4.8', 'A message count of 2^62 (garbage)', 'gob decoder.go recvMessage: a count beyond the limit is an error (not EOF) → net/rpc closes the connection', (w) => w.send(Buffer.from([0xf8, 0x40, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x02]))),
    headerBreaks('4.9', 'Half a request, then EOF', 'net/rpc server.go readRequestHeader: io.ErrUnexpectedEOF ends ServeCodec, which closes the connection without a response', (w) => {
      const b = Buffer.concat(w.request('Conf.Add', 1, { A: 1, B: 1 }, Args));
      w.send(b.subarray(0, Math.floor(b.length / 2)));
      w.socket.end();
    }),
    {
      id: '4.10',
      title: 'The text of a body type mismatch',
      rule: 'net/rpc answers a body decode failure with the gob error text (Go: "gob: type mismatch in decoder: want struct type main.Args; got non-struct"); type names differ between implementations, so this is recorded only',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.request('Conf.Add', 9, 'not args', gobString));
        const r = await w.reply(int64, ctx.replyMs);
        return info('a gob error text', JSON.stringify(r.error));
      },
    },
    {
      id: '4.11',
      title: 'A header, then EOF before its body',
      rule: 'net/rpc server.go readRequest: ReadRequestBody returns io.EOF with keepReading = true, so Go answers Error "EOF"; the next header read hits EOF and ServeCodec closes the connection',
      async run(ctx) {
        const w = await ctx.connect();
        w.send(w.enc.encode({ ServiceMethod: 'Conf.Add', Seq: 3 }, Request));
        w.socket.end();
        const expected = 'Response{"Conf.Add", Seq 3, Error "EOF"}, then the connection closes';
        let r;
        try {
          r = await w.reply(int64, ctx.replyMs);
        } catch (err) {
          const observed = (err as { observed?: string }).observed ?? String(err);
          return w.closed ? nonStrict(expected, `no response; ${observed}`) : fail(expected, observed);
        }
        const closed = await w.waitClosed(ctx.replyMs);
        const observed = `${show(r)}; ${closed ? `closed at ${w.closedAtMs} ms` : `still open after ${ctx.replyMs} ms`}`;
        if (!closed || r.seq !== 3) return fail(expected, observed);
        return r.error === 'EOF' ? ok(expected, observed) : nonStrict(expected, observed);
      },
    },
  ],
};

/** A request whose header cannot be decoded: Go closes the connection and writes nothing. */
function headerBreaks(id: string, title: string, rule: string, send: (w: GobWire) => void): RpcCase {
  return {
    id,
    title,
    rule,
    async run(ctx) {
      const w = await ctx.connect();
      send(w);
      const closed = await w.waitClosed(ctx.replyMs);
      const expected = 'the connection closes, with no response';
      const observed = `${closed ? `closed at ${w.closedAtMs} ms` : `still open after ${ctx.replyMs} ms`}; ${w.values()} value message(s) received`;
      if (closed && w.values() === 0) return ok(expected, observed);
      if (closed) return nonStrict(expected, observed);
      return fail(expected, observed);
    },
  };
}
