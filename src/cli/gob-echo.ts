/**
 * `go-netrpc gob echo`: decodes every value of a gob stream without a schema and writes a new
 * stream (one fresh Encoder) holding the same values with the same wire types, so Go decoding
 * the output into the original Go types sees the values it would see in the input.
 */
import type { Readable } from 'node:stream';
import { Decoder, Encoder, NEED_MORE } from '../gob/index.js';
import type { Sink } from './io.js';

/** Streams `input` through a schemaless Decoder and an Encoder into `out`. */
export async function gobEcho(input: Readable, out: Sink): Promise<void> {
  const dec = new Decoder();
  const enc = new Encoder();
  for await (const chunk of input) {
    dec.push(chunk as Uint8Array);
    for (let v = dec.decodeValue(); v !== NEED_MORE; v = dec.decodeValue()) await out(enc.encodeValue(v));
  }
  dec.end();
}
