/**
 * Deliberately broken behaviours of the go-netrpc rpc IUT, for the kit's self-test
 * (`go-netrpc conformance rpc-iut --fault NAME`): each breaks one net/rpc rule, so a test can
 * assert that the right cases fail and that no case passes vacuously. Codec faults wrap our
 * (correct) gob ServerCodec / ClientCodec; wire faults sit in a shim between the socket and the
 * codec and drop, repeat or refuse gob messages.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { Decoder, NEED_MORE, emptyStruct, int64, type Descriptor } from '../../gob/index.js';
import type { ClientCodec, GobBody, RequestHeader, ResponseHeader, ServerCodec } from '../../rpc/index.js';
import { MessageSplitter, type RawMessage } from './gob-messages.js';

/** Every fault, with what it breaks. */
export const FAULTS = {
  'seq-zero': 'server: every response carries Seq 0',
  'seq-off-by-one': 'server: every response carries Seq + 1',
  'wrong-error-text': 'server: "rpc: cannot find …" / "request malformed" instead of Go\'s texts',
  'close-after-error': 'server: after an error response, the next request closes the connection',
  'error-body-int': 'server: error responses carry an int body instead of struct{}',
  'error-no-body': 'server: error responses have no body after the header',
  'silent-bad-body': 'server: no response to a request whose body does not decode',
  'hang-on-bad-header': 'server: a header that does not decode, or EOF, leaves the connection open and unread',
  'no-drain-on-eof': 'server: on the client\'s EOF, close at once without the replies in flight',
  'dedupe-seq': 'server: a Seq already answered is not answered again',
  serial: 'server: one call at a time (the next request is read after the previous reply)',
  'truncate-big-reply': 'server: replies over 1 MiB lose their first byte',
  'max-conns-10': 'server: connections beyond 10 open ones are closed',
  'die-on-reset': 'server: the process exits when a connection is reset',
  'idle-timeout': 'server: connections idle for 500 ms are closed',
  'drop-discarded-types': 'server: type definitions in the body of a request for an unknown service are dropped',
  'one-pair-per-read': 'server: at most one request (header + body) is taken from each socket read',
  'drop-tiny-chunks': 'both: socket reads of one byte are dropped',
  'client-seq-zero': 'client: every request carries Seq 0',
  'match-in-order': 'client: responses are matched to calls in call order, not by Seq',
  'error-kills': 'client: an error response shuts the client down',
  'strict-error-body': 'client: the body after an error header must decode as struct{}',
  'unknown-seq-kills': 'client: a response for an unknown Seq shuts the client down',
  'ignore-bad-reply': 'client: a reply body that does not decode counts as 0',
  'hang-on-eof': 'client: pending calls are not failed when the server closes',
  'no-close': 'client: the scenario connection is never closed',
  'resend-types': 'both: every type definition is sent again before each later header',
  'strict-header': 'both: a header type with an unknown field ("Extra") closes the connection',
  'max-message-64k': 'both: a gob message over 64 KiB closes the connection',
} as const;
export type Fault = keyof typeof FAULTS;

export function isFault(s: string): s is Fault {
  return Object.hasOwn(FAULTS, s);
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/** Our gob ServerCodec with `fault` applied to its headers and bodies. */
export function faultyServerCodec(inner: ServerCodec<GobBody>, fault: Fault | undefined): ServerCodec<GobBody> {
  if (fault === undefined) return inner;
  const answered = new Set<string>();
  let errorSent = false;
  let reads = 0;
  let writes = 0;
  let wakeSerial: (() => void) | undefined;
  const silent = new Set<string>();
  let last: RequestHeader | null = null;
  return {
    get errorBodyType() {
      return inner.errorBodyType;
    },
    get errorBodyValue() {
      return inner.errorBodyValue;
    },
    async readRequestHeader() {
      while (fault === 'serial' && writes < reads) await new Promise<void>((resolve) => (wakeSerial = resolve));
      let h: RequestHeader | null;
      try {
        h = await inner.readRequestHeader();
      } catch (err) {
        if (fault === 'hang-on-bad-header') return never();
        throw err;
      }
      if (h === null && fault === 'hang-on-bad-header') return never();
      if (h === null && fault === 'no-drain-on-eof') inner.close();
      if (h !== null && errorSent && fault === 'close-after-error') {
        inner.close();
        return null;
      }
      last = h;
      if (h !== null) reads++;
      return h;
    },
    async readRequestBody(type: Descriptor | null) {
      try {
        return await inner.readRequestBody(type);
      } catch (err) {
        if (fault === 'silent-bad-body' && last !== null) silent.add(String(last.seq));
        throw err;
      }
    },
    writeResponse(header: ResponseHeader, body: unknown, type: Descriptor) {
      writes++;
      wakeSerial?.();
      const key = String(header.seq);
      if (silent.delete(key)) return undefined;
      if (fault === 'dedupe-seq' && answered.has(key)) return undefined;
      answered.add(key);
      let h = header;
      if (fault === 'seq-zero') h = { ...h, seq: 0 };
      if (fault === 'seq-off-by-one') h = { ...h, seq: typeof h.seq === 'bigint' ? h.seq + 1n : h.seq + 1 };
      if (fault === 'wrong-error-text') h = { ...h, error: h.error.replace('rpc: can\'t find ', 'rpc: cannot find ').replace('request ill-formed', 'request malformed') };
      if (fault === 'error-body-int' && h.error !== '') return inner.writeResponse(h, 0, int64);
      if (fault === 'truncate-big-reply' && body instanceof Uint8Array && body.length > 1 << 20) body = body.subarray(1);
      if (h.error !== '') errorSent = true;
      return inner.writeResponse(h, body, type);
    },
    onClose: (listener: () => void) => inner.onClose(listener),
    close: () => inner.close(),
  };
}

/** Our gob ClientCodec with `fault` applied. */
export function faultyClientCodec(inner: ClientCodec<GobBody>, fault: Fault | undefined): ClientCodec<GobBody> {
  if (fault === undefined) return inner;
  const outstanding: string[] = [];
  let lastError = false;
  return {
    writeRequest(header: RequestHeader, body: unknown, type: Descriptor) {
      outstanding.push(String(header.seq));
      return inner.writeRequest(fault === 'client-seq-zero' ? { ...header, seq: 0 } : header, body, type);
    },
    async readResponseHeader() {
      const h = await inner.readResponseHeader();
      if (h === null) return fault === 'hang-on-eof' ? never() : null;
      lastError = h.error !== '';
      const i = outstanding.indexOf(String(h.seq));
      if (i < 0 && fault === 'unknown-seq-kills') {
        inner.close();
        return null;
      }
      if (fault === 'match-in-order' && outstanding.length > 0) {
        const first = outstanding.shift() as string;
        return { ...h, seq: Number(first) };
      }
      if (i >= 0) outstanding.splice(i, 1);
      return h;
    },
    async readResponseBody(type: Descriptor | null) {
      if (type === null && lastError && fault === 'strict-error-body') return inner.readResponseBody(emptyStruct);
      try {
        const v = await inner.readResponseBody(type);
        if (lastError && fault === 'error-kills') inner.close();
        return v;
      } catch (err) {
        if (fault === 'ignore-bad-reply' && type !== null) return 0;
        throw err;
      }
    },
    close: () => inner.close(),
  };
}

/** Faults applied to the gob messages between the socket and the codec. */
const WIRE_FAULTS: ReadonlySet<Fault> = new Set(['error-no-body', 'resend-types', 'strict-header', 'max-message-64k', 'drop-discarded-types', 'one-pair-per-read', 'drop-tiny-chunks']);

/** Wraps `socket` when `fault` works on gob messages; otherwise returns it unchanged. */
export function faultShim(socket: Socket, fault: Fault | undefined): Duplex {
  if (fault === undefined || !WIRE_FAULTS.has(fault)) return socket;
  const limit = fault === 'max-message-64k' ? 64 * 1024 : 1 << 30;
  const inS = new MessageSplitter(limit);
  const outS = new MessageSplitter(1 << 30);
  const defs: Buffer[] = [];
  let outValues = 0;
  /** error-no-body: follows our own output to find error headers. */
  const outDec = new Decoder();
  let dropBody = false;
  let dropDefs = false;
  let inValues = 0;
  const shim: Duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      const bufs: Buffer[] = [];
      for (const m of outS.push(chunk)) {
        if (fault === 'error-no-body') {
          outDec.push(m.bytes);
          if (m.typeId < 0) {
            bufs.push(m.bytes);
            continue;
          }
          const v = outDec.decodeValue();
          const header = outValues++ % 2 === 0;
          if (!header && dropBody) continue;
          dropBody = header && v !== NEED_MORE && ((v.value as { Error?: string }).Error ?? '') !== '';
          bufs.push(m.bytes);
          continue;
        }
        if (m.typeId < 0) defs.push(Buffer.from(m.bytes));
        else if (fault === 'resend-types' && outValues % 2 === 0 && outValues > 0) bufs.push(...defs);
        if (m.typeId >= 0) outValues++;
        bufs.push(m.bytes);
      }
      if (bufs.length === 0 || socket.write(Buffer.concat(bufs))) cb();
      else socket.once('drain', () => cb());
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  const inbound = (m: RawMessage): Buffer | undefined => {
    if (m.typeId < 0 && fault === 'strict-header' && m.bytes.includes('Extra')) {
      socket.destroy();
      return undefined;
    }
    if (m.typeId < 0 && dropDefs) return undefined;
    if (m.typeId >= 0) {
      // Value messages alternate header, body: a header naming service Nope drops its body's definitions.
      dropDefs = fault === 'drop-discarded-types' && inValues % 2 === 0 && m.bytes.includes('Nope.');
      inValues++;
    }
    return m.bytes;
  };
  socket.on('data', (chunk: Buffer) => {
    if (fault === 'drop-tiny-chunks' && chunk.length === 1) return;
    let ms = inS.push(chunk);
    if (inS.violation !== undefined) return void socket.destroy();
    if (fault === 'one-pair-per-read') {
      const kept: RawMessage[] = [];
      let values = 0;
      for (const m of ms) {
        if (values >= 2) break;
        kept.push(m);
        if (m.typeId >= 0) values++;
      }
      ms = kept;
    }
    const bufs = ms.map(inbound).filter((b): b is Buffer => b !== undefined);
    if (bufs.length > 0 && !shim.push(Buffer.concat(bufs))) socket.pause();
  });
  socket.on('end', () => shim.push(null));
  socket.on('error', (err) => shim.destroy(err));
  socket.on('close', () => shim.destroy());
  return shim;
}
