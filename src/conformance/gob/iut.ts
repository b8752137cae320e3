/**
 * `go-netrpc conformance gob-iut [--fault NAME]`: go-netrpc's gob as a conformance filter that
 * can be broken on purpose (faults.ts). Without a fault it does what `go-netrpc gob echo` does:
 * a schemaless Decoder, one fresh Encoder, every value re-encoded with its wire types.
 * Output respects backpressure; a decode error ends it with status 1 and one stderr line.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { Decoder, Encoder, GobValue, NEED_MORE, int } from '../../gob/index.js';
import type { GobFault } from './faults.js';

function readUvarint(b: Uint8Array, at: number): [number, number] {
  const first = b[at] as number;
  if (first < 0x80) return [first, 1];
  const n = 256 - first;
  let x = 0;
  for (let i = 1; i <= n; i++) x = x * 256 + (b[at + i] as number);
  return [x, 1 + n];
}

function uvarint(x: number, long: boolean): Buffer {
  if (x < 0x80 && !long) return Buffer.from([x]);
  const bytes: number[] = [];
  for (let y = x; y > 0; y = Math.floor(y / 256)) bytes.unshift(y % 256);
  while (long && bytes.length < 8) bytes.unshift(0);
  return Buffer.from([256 - bytes.length, ...bytes]);
}

/** Splits the messages one encodeValue call wrote. */
function messages(b: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < b.length; ) {
    const [len, w] = readUvarint(b, at);
    out.push(Buffer.from(b.subarray(at, at + w + len)));
    at += w + len;
  }
  return out;
}

function body(m: Buffer): Buffer {
  return m.subarray(readUvarint(m, 0)[1]);
}

/** Applies the output-side faults to the messages of one value. */
function rewrite(out: Uint8Array, fault: GobFault | undefined): Uint8Array {
  if (fault !== 'long-varint' && fault !== 'reorder-types' && fault !== 'wrong-type-id') return out;
  let ms = messages(out);
  if (fault === 'long-varint') ms = ms.map((m) => Buffer.concat([uvarint(body(m).length, true), body(m)]));
  if (fault === 'reorder-types') ms = [...ms.slice(0, -1).reverse(), ...ms.slice(-1)];
  if (fault === 'wrong-type-id') {
    const last = body(ms[ms.length - 1] as Buffer);
    const [zz, w] = readUvarint(last, 0); // zig-zag type id, even for a value
    const nb = Buffer.concat([uvarint(zz + 2, false), last.subarray(w)]);
    ms[ms.length - 1] = Buffer.concat([uvarint(nb.length, false), nb]);
  }
  return Buffer.concat(ms);
}

function dropField(v: GobValue): GobValue {
  let d = v.type;
  while (d.kind === 'named') d = d.base;
  if (d.kind !== 'struct' || typeof v.value !== 'object' || v.value === null) return v;
  const obj = { ...(v.value as Record<string, unknown>) };
  const present = d.fields.filter((f) => obj[f.name] !== undefined);
  const last = present[present.length - 1];
  if (last !== undefined) delete obj[last.name];
  return new GobValue(v.type, obj, v.wireId);
}

async function write(out: Writable, b: Uint8Array): Promise<void> {
  if (b.length > 0 && !out.write(b)) await once(out, 'drain');
}

/** Runs the filter; resolves to the exit status. */
export async function runGobIut(input: Readable, out: Writable, err: (line: string) => void, fault?: GobFault): Promise<number> {
  let dec = new Decoder();
  const enc = new Encoder();
  let pending: Uint8Array | undefined; // truncate-output holds back the last byte
  const emit = async (b: Uint8Array): Promise<void> => {
    if (fault !== 'truncate-output') return write(out, b);
    if (pending !== undefined) await write(out, pending);
    pending = b;
  };
  try {
    for await (const chunk of input) {
      if (fault === 'chunk-reset') dec = new Decoder();
      dec.push(chunk as Uint8Array);
      for (let v = dec.decodeValue(); v !== NEED_MORE; v = dec.decodeValue()) await emit(rewrite(enc.encodeValue(fault === 'drop-field' ? dropField(v) : v), fault));
    }
    if (fault !== 'chunk-reset') dec.end();
    if (fault === 'extra-value') await emit(enc.encode(0, int));
    if (pending !== undefined) await write(out, pending.subarray(0, pending.length - 1));
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
    if (fault === 'accept-hostile') return 0;
    if (fault === 'unbounded') Buffer.alloc(256 * 1024 * 1024, 1);
    if (fault === 'hang-on-error') await new Promise(() => setInterval(() => {}, 1 << 30));
    err(`gob-iut: ${msg}`);
    return 1;
  }
}
