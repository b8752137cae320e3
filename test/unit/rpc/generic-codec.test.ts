/**
 * The rpc codec interface is generic in its body schema language (`BodySchema`): a codec whose
 * schemas are not gob descriptors (here a toy language of tagged schemas, standing in for
 * Packer's msgpack) plugs into Client, Server and the service functions as gob's equal, with
 * argument and reply types inferred from its own schemas.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BodySchema, ClientCodec, ServerCodec } from '../../../src/rpc/codec.js';
import { Client } from '../../../src/rpc/client.js';
import { RpcError } from '../../../src/rpc/errors.js';
import { Server } from '../../../src/rpc/server.js';
import { defineService as gobDefineService, servicesFor } from '../../../src/rpc/service.js';
import * as gob from '../../../src/gob/index.js';
import { fakeCodecPair } from './fake-codec.js';

type TagSchema = { readonly tag: 'num' } | { readonly tag: 'str' } | { readonly tag: 'list'; readonly of: TagSchema };
type TagValue<S> = S extends { tag: 'num' } ? number : S extends { tag: 'str' } ? string : S extends { tag: 'list'; of: infer E } ? TagValue<E>[] : never;

/** The toy body schema language. */
interface TagBody extends BodySchema {
  readonly schema: TagSchema;
  readonly value: TagValue<this['input']>;
}

const num = { tag: 'num' } as const;
const str = { tag: 'str' } as const;
const list = <S extends TagSchema>(of: S) => ({ tag: 'list', of }) as const;

function check(schema: TagSchema, v: unknown): boolean {
  if (schema.tag === 'num') return typeof v === 'number';
  if (schema.tag === 'str') return typeof v === 'string';
  return Array.isArray(v) && v.every((e) => check(schema.of, e));
}

/** A codec pair of the toy language: bodies travel as values, checked against their schemas. */
function tagCodecPair(): { client: ClientCodec<TagBody>; server: ServerCodec<TagBody> } {
  const pair = fakeCodecPair();
  const client: ClientCodec<TagBody> = {
    writeRequest: (h, body, schema) => {
      if (!check(schema, body)) throw new RpcError('ENCODE_FAILED', `not a ${schema.tag}`);
      return pair.client.writeRequest(h, body, schema as never);
    },
    readResponseHeader: () => pair.client.readResponseHeader(),
    readResponseBody: (schema) => pair.client.readResponseBody(schema as never),
    close: () => pair.client.close(),
  };
  const server: ServerCodec<TagBody> = {
    errorBodyType: str,
    errorBodyValue: '',
    readRequestHeader: () => pair.server.readRequestHeader(),
    readRequestBody: (schema) => pair.server.readRequestBody(schema as never),
    writeResponse: (h, body, schema) => pair.server.writeResponse(h, body, schema as never),
    onClose: (l) => pair.server.onClose(l),
    close: () => pair.server.close(),
  };
  return { client, server };
}

describe('rpc with a non-gob body schema language', () => {
  const { defineService, describeService, method } = servicesFor<TagBody>();
  const Words = defineService('Words', {
    Count: method({ args: list(str), reply: num, handler: (words) => words.length }),
    Join: { args: list(str), reply: str, handler: (words: string[]) => words.join(' ') },
  });

  it('serves and calls with types inferred from the codec’s own schemas', async () => {
    const { client: cc, server: sc } = tagCodecPair();
    const server = new Server<TagBody>();
    server.register(Words);
    void server.serveCodec(sc);
    const client = new Client(cc);
    expectTypeOf(client).toEqualTypeOf<Client<TagBody>>();
    const words = client.service(describeService('Words', { Count: { args: list(str), reply: num }, Join: { args: list(str), reply: str } }));
    expectTypeOf(words.Count).parameter(0).toEqualTypeOf<string[]>();
    expectTypeOf(words.Count).returns.toEqualTypeOf<Promise<number>>();
    await expect(words.Count(['a', 'b', 'c'])).resolves.toBe(3);
    await expect(words.Join(['go', 'net', 'rpc'])).resolves.toBe('go net rpc');
    const r = client.call('Words.Count', ['x'], list(str), num);
    expectTypeOf(r).toEqualTypeOf<Promise<number>>();
    await expect(r).resolves.toBe(1);
    // The codec's own checks run: a wrong value is its ENCODE_FAILED, and the client goes on.
    await expect(client.call('Words.Count', [1] as never, list(str), num)).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
    await expect(client.call('Words.Nope', [], list(str), num)).rejects.toMatchObject({ code: 'SERVER_ERROR', message: "rpc: can't find method Words.Nope" });
    await client.close();
  });

  it('keeps one language per server and client at compile time', () => {
    // A gob service cannot be registered on a server of another language, and gob's
    // connection conveniences exist only on a gob server.
    const server = new Server<TagBody>();
    const GobArith = gobDefineService('Arith', { Add: { args: gob.int, reply: gob.int } }, { Add: (a) => a + 1 });
    // @ts-expect-error -- gob schemas on a server of the toy language
    const registerGob = (): void => server.register(GobArith);
    void registerGob;
    // @ts-expect-error -- serveConn is gob's (its `this` must be a Server<GobBody>)
    expect(() => server.serveConn(undefined as never)).toThrow();
  });
});
