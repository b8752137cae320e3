/**
 * `go-netrpc gob dump [--json]`: prints a gob stream (like Go's encoding/gob debug.go, but from
 * the schemaless decoder). Text form: every type the stream defines, the first time a value
 * uses it (the value's own type with its wire id, then named structs and marshalers nested in
 * it or carried by its interface values), then the value as wire-view JSON (see json.ts).
 * With `--json`: one JSON document per line per value and nothing else.
 */
import type { Readable } from 'node:stream';
import { Decoder, GobError, GoInterface, NEED_MORE } from '../gob/index.js';
import type { Descriptor, GobValue } from '../gob/index.js';
import type { Sink } from './io.js';
import { toWireJson } from './json.js';
import { describeType } from './type-text.js';

/** Named structs and marshalers reachable from `d`, and from interface values inside `v`. */
function nestedTypes(d: Descriptor, v: unknown, out: Descriptor[], seen: Set<Descriptor>, depth = 0): void {
  if (depth > 200) return;
  const next = depth + 1;
  switch (d.kind) {
    case 'named':
      nestedTypes(d.base, v, out, seen, next);
      return;
    case 'ptr':
      nestedTypes(d.elem, v, out, seen, next);
      return;
    case 'slice':
    case 'array': {
      const items = Array.isArray(v) ? v : [];
      if (items.length === 0) nestedTypes(d.elem, undefined, out, seen, next);
      for (const e of items) nestedTypes(d.elem, e, out, seen, next);
      return;
    }
    case 'map': {
      const m = v instanceof Map ? v : new Map();
      if (m.size === 0) nestedTypes(d.elem, undefined, out, seen, next);
      for (const [k, e] of m) {
        nestedTypes(d.key, k, out, seen, next);
        nestedTypes(d.elem, e, out, seen, next);
      }
      return;
    }
    case 'interface':
      if (v instanceof GoInterface && v.type !== null) nestedTypes(v.type, v.value, out, seen, next);
      return;
    case 'gobEncoder':
      if (!seen.has(d) && d.name) {
        seen.add(d);
        out.push(d);
      }
      return;
    case 'struct': {
      if (seen.has(d) && v === undefined) return;
      if (!seen.has(d)) {
        seen.add(d);
        if (depth > 0 && d.name) out.push(d);
      }
      const obj = (v ?? {}) as Record<string, unknown>;
      for (const f of d.fields) nestedTypes(f.type, obj[f.name], out, seen, next);
      return;
    }
    default:
      return;
  }
}

/** Streams `input` through a schemaless Decoder, printing to `out`. */
export async function gobDump(input: Readable, json: boolean, out: Sink): Promise<void> {
  const dec = new Decoder();
  const seenIds = new Set<number>();
  const seenTypes = new Set<Descriptor>();
  let n = 0;
  const print = async (v: GobValue): Promise<void> => {
    let body: string;
    try {
      body = JSON.stringify(toWireJson(v.type, v.value));
    } catch (err) {
      // A value nested past the JS stack (recursive types are bounded by it only) or printing
      // past V8's string limit: GobError DEPTH_EXCEEDED / LIMIT_EXCEEDED with the cause.
      if (!(err instanceof RangeError)) throw err;
      const code = /call stack/i.test(err.message) ? 'DEPTH_EXCEEDED' : 'LIMIT_EXCEEDED';
      throw new GobError(code, `gob: the value is too deep or too large to print (${err.message})`, { cause: err });
    }
    if (!json) {
      if (!seenIds.has(v.wireId)) {
        seenIds.add(v.wireId);
        await out(`type ${v.wireId} = ${describeType(v.type)}\n`);
        if (v.type.kind === 'gobEncoder') seenTypes.add(v.type);
      }
      const nested: Descriptor[] = [];
      nestedTypes(v.type, v.value, nested, seenTypes);
      for (const t of nested) {
        seenTypes.add(t);
        await out(`type ${describeType(t, 1)} = ${describeType(t).replace(/ \w+ \(opaque bytes\)$/, ' (opaque bytes)')}\n`);
      }
    }
    await out(json ? `${body}\n` : `value ${n} (type ${v.wireId}): ${body}\n`);
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
