/**
 * `go-netrpc gob dump [--json]`: prints a gob stream (like Go's encoding/gob debug.go, but from
 * the schemaless decoder): each value's type, defined the first time its wire type id appears,
 * then the value as wire-view JSON (see json.ts). With `--json`, one JSON document per line per
 * value and nothing else.
 */
import type { Readable } from 'node:stream';
import { Decoder, NEED_MORE } from '../gob/index.js';
import type { GobValue } from '../gob/index.js';
import type { Sink } from './io.js';
import { toWireJson } from './json.js';
import { describeType } from './type-text.js';

/** Streams `input` through a schemaless Decoder, printing to `out`. */
export async function gobDump(input: Readable, json: boolean, out: Sink): Promise<void> {
  const dec = new Decoder();
  const seen = new Set<number>();
  let n = 0;
  const print = async (v: GobValue): Promise<void> => {
    const body = JSON.stringify(toWireJson(v.type, v.value));
    if (json) {
      await out(`${body}\n`);
      return;
    }
    if (!seen.has(v.wireId)) {
      seen.add(v.wireId);
      await out(`type ${v.wireId} = ${describeType(v.type)}\n`);
    }
    await out(`value ${n} (type ${v.wireId}): ${body}\n`);
  };
  for await (const chunk of input) {
    dec.push(chunk as Uint8Array);
    for (let v = dec.decodeValue(); v !== NEED_MORE; v = dec.decodeValue()) {
      await print(v);
      n++;
    }
  }
  dec.end();
}
