/**
 * A trivial in-memory codec pair for unit tests of the rpc core: messages are {header, body}
 * objects passed through queues, so the client/server machinery is tested without gob.
 * Also proves the ClientCodec/ServerCodec seam is codec-agnostic.
 */
import type { ClientCodec, RequestHeader, ResponseHeader, ServerCodec, WriteResult } from '../../../src/rpc/codec.js';
import { RpcError } from '../../../src/rpc/errors.js';
import type { GobBody } from '../../../src/rpc/gob-codec.js';
import { emptyStruct, type Descriptor } from '../../../src/gob/index.js';

/** A body value that makes the reading side fail to "decode" it. */
export class Undecodable {
  constructor(readonly message: string) {}
}
/** A body value that makes the writing side fail to "encode" it. */
export class Unencodable {
  constructor(readonly message: string) {}
}
/** A header value that makes the reading side fail to "decode" it. */
export const BAD_HEADER = Symbol('bad header');

interface Msg<H> {
  header: H | typeof BAD_HEADER;
  body: unknown;
}

/** An async FIFO with an end marker. */
export class Channel<T> {
  private items: T[] = [];
  private waiters: ((v: T | null) => void)[] = [];
  ended = false;
  /** Every item ever pushed, for assertions. */
  readonly log: T[] = [];

  push(v: T): void {
    if (this.ended) throw new RpcError('CONNECTION_ERROR', 'write on a closed connection');
    this.log.push(v);
    const w = this.waiters.shift();
    if (w) w(v);
    else this.items.push(v);
  }
  end(): void {
    this.ended = true;
    for (const w of this.waiters.splice(0)) w(null);
  }
  next(): T | null | Promise<T | null> {
    if (this.items.length > 0) return this.items.shift() as T;
    if (this.ended) return null;
    return new Promise((r) => this.waiters.push(r));
  }
}

/** Reading half: header then body, as the codecs require. */
class Reader<H> {
  private body: unknown;
  private hasBody = false;
  constructor(private readonly ch: Channel<Msg<H>>) {}

  header(): H | null | Promise<H | null> {
    const m = this.ch.next();
    return m instanceof Promise ? m.then((v) => this.take(v)) : this.take(m);
  }
  private take(m: Msg<H> | null): H | null {
    if (m === null) return null;
    if (m.header === BAD_HEADER) throw new RpcError('DECODE_FAILED', 'fake: corrupt header');
    this.body = m.body;
    this.hasBody = true;
    return m.header;
  }
  readBody(type: unknown): unknown {
    if (!this.hasBody) throw new RpcError('UNEXPECTED_EOF', 'EOF');
    this.hasBody = false;
    const b = this.body;
    this.body = undefined;
    if (type !== null && b instanceof Undecodable) throw new RpcError('DECODE_FAILED', b.message);
    return b;
  }
}

export interface FakeOptions {
  /** When set, writes return this promise (simulates a transport needing 'drain'). */
  drain?: () => WriteResult;
}

export interface FakePair {
  client: ClientCodec<GobBody> & { closed: boolean };
  server: ServerCodec<GobBody> & { closed: boolean };
  /** Requests as the server received them. */
  requests: Channel<Msg<RequestHeader>>;
  /** Responses as the client receives them. */
  responses: Channel<Msg<ResponseHeader>>;
  /** Ends the connection as if the peer vanished (both directions). */
  drop(): void;
}

export const ERROR_BODY = Object.freeze({ fake: 'struct{}' });

export function fakeCodecPair(opts: FakeOptions = {}): FakePair {
  const requests = new Channel<Msg<RequestHeader>>();
  const responses = new Channel<Msg<ResponseHeader>>();
  const closeListeners: (() => void)[] = [];
  const drop = (): void => {
    if (!requests.ended) requests.end();
    if (!responses.ended) responses.end();
    for (const l of closeListeners.splice(0)) l();
  };
  const cr = new Reader(responses);
  const sr = new Reader(requests);
  const client = {
    closed: false,
    writeRequest(header: RequestHeader, body: unknown): WriteResult {
      if (body instanceof Unencodable) throw new RpcError('ENCODE_FAILED', body.message);
      requests.push({ header: { ...header }, body });
      return opts.drain?.();
    },
    readResponseHeader: () => cr.header(),
    readResponseBody: (t: unknown) => cr.readBody(t),
    close(): void {
      client.closed = true;
      drop();
    },
  };
  const server = {
    closed: false,
    errorBodyType: emptyStruct as Descriptor,
    errorBodyValue: ERROR_BODY,
    readRequestHeader: () => sr.header(),
    readRequestBody: (t: unknown) => sr.readBody(t),
    writeResponse(header: ResponseHeader, body: unknown): WriteResult {
      if (body instanceof Unencodable) throw new RpcError('ENCODE_FAILED', body.message);
      responses.push({ header: { ...header }, body });
      return undefined;
    },
    onClose(l: () => void): void {
      closeListeners.push(l);
    },
    close(): void {
      server.closed = true;
      drop();
    },
  };
  return { client, server, requests, responses, drop };
}
