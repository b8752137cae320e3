/**
 * The kit's side of one net/rpc connection, on RAW gob messages: everything the kit sends is
 * bytes it built itself with a gob Encoder (headers are plain gob structs of this file, never our
 * rpc codec), and everything the IUT sends is recorded twice — split into gob messages (count,
 * type id, size, arrival time) to judge framing and type definitions, and fed to a gob Decoder
 * to read values. Mirrors the reading side of Go's gobServerCodec / gobClientCodec (net/rpc
 * server.go, client.go) only as far as needed to observe.
 */
import type { Socket } from 'node:net';
import { Decoder, Encoder, NEED_MORE, GobError, type GobValue, emptyStruct, string as gobString, struct, uintAuto, type Descriptor, type Infer } from '../../gob/index.js';
import { CaseFailure } from '../types.js';
import { MessageSplitter } from './gob-messages.js';

/** Go `rpc.Request` as the kit writes it. */
export const Request = struct('Request', { ServiceMethod: gobString, Seq: uintAuto });
/** Go `rpc.Response` as the kit writes and reads it (by field names, as Go's decoder does). */
export const Response = struct('Response', { ServiceMethod: gobString, Seq: uintAuto, Error: gobString });
/** Go `invalidRequest`, the body of an error response. */
export const InvalidRequest = emptyStruct;

/** One gob message received from the IUT. */
export interface GobMessage {
  /** Negative: the definition of type -typeId; otherwise a value of that type. */
  readonly typeId: number;
  /** Bytes of the message, count included. */
  readonly size: number;
  readonly atMs: number;
}

/** A decoded response: header, then body (null when the header carries an error; skipped then). */
export interface Reply<T> {
  readonly serviceMethod: string;
  readonly seq: number | bigint;
  readonly error: string;
  readonly body: T | null;
  readonly atMs: number;
}

/** Bodies larger than this from the IUT end the connection (bounded memory); Go's limit is 1 GiB. */
const MAX_MESSAGE = 256 * 1024 * 1024;

export class GobWire {
  /** The kit's gob stream towards the IUT (one Encoder per connection, as Go's codecs have). */
  readonly enc = new Encoder();
  readonly messages: GobMessage[] = [];
  /** Raw framing problems of the IUT's stream (a count out of range, a message too big). */
  readonly violations: string[] = [];
  closed = false;
  closedAtMs = -1;
  bytesIn = 0;
  private readonly dec = new Decoder({ maxMessageBytes: MAX_MESSAGE });
  private readonly splitter = new MessageSplitter(MAX_MESSAGE);
  private t0 = performance.now();
  private waiters: (() => void)[] = [];

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.closedAtMs = this.now();
      this.wake();
    });
    // The IUT's half-close: we keep writing until the case ends.
    socket.on('end', () => undefined);
  }

  now(): number {
    return Math.round(performance.now() - this.t0);
  }

  startClock(): void {
    this.t0 = performance.now();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private onData(d: Buffer): void {
    this.bytesIn += d.length;
    this.split(d);
    if (this.violations.length > 0) {
      this.socket.destroy();
      return;
    }
    this.dec.push(new Uint8Array(d.buffer, d.byteOffset, d.length));
    this.wake();
  }

  /** Splits the received bytes into gob messages and records each. */
  private split(d: Buffer): void {
    for (const m of this.splitter.push(d)) this.messages.push({ typeId: m.typeId, size: m.bytes.length, atMs: this.now() });
    if (this.splitter.violation !== undefined) this.violations.push(this.splitter.violation);
  }

  /** Resolves when something arrives or the connection closes, or after `ms`. */
  private until(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      t.unref();
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /**
   * Writes bytes (optionally in `chunk`-byte writes). The kit's own writes are bounded (a few MiB
   * per case at most), so they are queued without waiting for 'drain'.
   */
  send(bytes: Uint8Array | readonly Uint8Array[], chunk = 0): void {
    const all = bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) : Buffer.concat(bytes.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length)));
    if (this.socket.destroyed) return;
    if (chunk <= 0) this.socket.write(all);
    else for (let i = 0; i < all.length; i += chunk) this.socket.write(all.subarray(i, i + chunk));
  }

  /** Bytes of a request (header, then body), encoded with this connection's Encoder. */
  request<D extends Descriptor>(serviceMethod: string, seq: number | bigint, body: Infer<D>, type: D, header: Descriptor = Request, extra: Record<string, unknown> = {}): Uint8Array[] {
    return [this.enc.encode({ ServiceMethod: serviceMethod, Seq: seq, ...extra } as never, header), this.enc.encode(body, type)];
  }

  /** Bytes of a response (header, then body). */
  response<D extends Descriptor>(serviceMethod: string, seq: number | bigint, error: string, body: Infer<D>, type: D, header: Descriptor = Response, extra: Record<string, unknown> = {}): Uint8Array[] {
    return [this.enc.encode({ ServiceMethod: serviceMethod, Seq: seq, Error: error, ...extra } as never, header), this.enc.encode(body, type)];
  }

  /**
   * The next value decoded as `type` (or skipped when `type` is null), waiting up to `ms`.
   * @throws CaseFailure when it does not arrive or does not decode.
   */
  async next<D extends Descriptor>(type: D | null, ms: number, what: string): Promise<Infer<D> | null> {
    return this.wait(ms, what, () => {
      if (type === null) return this.dec.skip() ? null : NEED_MORE;
      return this.dec.decode(type);
    });
  }

  /** The next value decoded without a schema (its own wire type), waiting up to `ms`. */
  async nextValue(ms: number, what: string): Promise<GobValue> {
    return this.wait(ms, what, () => this.dec.decodeValue());
  }

  private async wait<T>(ms: number, what: string, attempt: () => T | typeof NEED_MORE): Promise<T> {
    const deadline = performance.now() + ms;
    for (;;) {
      try {
        const v = attempt();
        if (v !== NEED_MORE) return v;
      } catch (err) {
        throw new CaseFailure(what, `it does not decode: ${err instanceof GobError ? err.message : String(err)}`);
      }
      if (this.violations.length > 0) throw new CaseFailure(what, `a malformed gob stream: ${this.violations.join('; ')}`);
      if (this.closed) throw new CaseFailure(what, `the connection closed at ${this.closedAtMs} ms${this.bytesIn === 0 ? ' (nothing received)' : ''}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new CaseFailure(what, `nothing within ${ms} ms`);
      await this.until(left);
    }
  }

  /** The next response: its header, then its body as `type` (skipped when the header has an error). */
  async reply<D extends Descriptor>(type: D | null, ms: number, what = 'a response'): Promise<Reply<Infer<D>>> {
    const h = (await this.next(Response, ms, `${what} (header)`)) as Infer<typeof Response>;
    const atMs = this.now();
    const body = h.Error !== '' || type === null ? await this.next(null, ms, `${what} (body after the header)`) : await this.next(type, ms, `${what} (body)`);
    return { serviceMethod: h.ServiceMethod, seq: h.Seq, error: h.Error, body: body as Infer<D> | null, atMs };
  }

  /** Reads the next request as the kit's server does: header, then the body as `type` (null: skip). */
  async call<D extends Descriptor>(type: D | null, ms: number, what = 'a request'): Promise<{ serviceMethod: string; seq: number | bigint; body: Infer<D> | null; atMs: number }> {
    const h = (await this.next(Request, ms, `${what} (header)`)) as Infer<typeof Request>;
    const atMs = this.now();
    const body = await this.next(type, ms, `${what} (body)`);
    return { serviceMethod: h.ServiceMethod, seq: h.Seq, body, atMs };
  }

  /** Waits up to `ms` for the IUT to close the connection; true if it did. */
  async waitClosed(ms: number): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (!this.closed) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await this.until(left);
    }
    return true;
  }

  /** Values (not definitions) received so far. */
  values(): number {
    return this.messages.filter((m) => m.typeId >= 0).length;
  }

  /** Type ids the IUT defined, in order (duplicates included). */
  definitions(): number[] {
    return this.messages.filter((m) => m.typeId < 0).map((m) => -m.typeId);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
