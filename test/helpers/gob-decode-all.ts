/**
 * Small drivers over go-netrpc/gob's Decoder/Encoder used by the conformance tests.
 */
import * as gob from '../../src/gob/index.js';
import type { Descriptor, GobValue, Registry } from '../../src/gob/index.js';

/** Pushes `bytes` in chunks of `chunk` bytes (0: all at once). */
export function feed(dec: gob.Decoder, bytes: Uint8Array, chunk = 0): void {
  if (chunk <= 0) {
    dec.push(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i += chunk) dec.push(bytes.subarray(i, i + chunk));
}

/** Decodes one value per descriptor; throws if a value is missing or bytes remain. */
export function decodeAll(bytes: Uint8Array, types: readonly Descriptor[], registry: Registry, chunk = 0): unknown[] {
  const dec = new gob.Decoder({ registry });
  feed(dec, bytes, chunk);
  const out = types.map((t, i) => {
    const v = dec.decode(t);
    if (v === gob.NEED_MORE) throw new Error(`value ${i}: decoder needs more bytes`);
    return v;
  });
  if (dec.decodeValue() !== gob.NEED_MORE) throw new Error('stream holds more values than the case');
  dec.end();
  return out;
}

/** Decodes every value without a schema. */
export function decodeValues(bytes: Uint8Array, chunk = 0): GobValue[] {
  const dec = new gob.Decoder();
  feed(dec, bytes, chunk);
  const out: GobValue[] = [];
  for (let v = dec.decodeValue(); v !== gob.NEED_MORE; v = dec.decodeValue()) out.push(v);
  dec.end();
  return out;
}

/** Encodes values with one fresh Encoder, concatenating the output. */
export function encodeAll(values: readonly unknown[], types: readonly Descriptor[], registry: Registry): Uint8Array {
  const enc = new gob.Encoder({ registry });
  return Buffer.concat(values.map((v, i) => enc.encode(v as never, types[i] as Descriptor)));
}

/** Hex for readable byte diffs. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
