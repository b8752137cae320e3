/**
 * wire-companions: the definitions Go sends after a GobEncoder type's own are found by their
 * place in the stream (companions are re-sent by encodeValue; the Go-written cases are checked
 * byte for byte in test/conformance/gob-fixtures.test.ts), and finding them stays linear in the
 * stream however many GobEncoder definitions a peer interleaves with values.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { writeWireType } from '../../../src/gob/wire-type.js';
import type { WireType } from '../../../src/gob/wire-type.js';
import { Writer } from '../../../src/gob/writer.js';

/** Frames messages: each call writes one message built by `body`. */
function messages(parts: ((w: Writer) => void)[]): Uint8Array {
  const w = new Writer();
  const out: Uint8Array[] = [];
  for (const body of parts) {
    w.beginMessage();
    body(w);
    out.push(w.copy(w.frameMessage(1 << 30)));
  }
  return Buffer.concat(out);
}

const def = (id: number, t: WireType) => (w: Writer) => {
  w.int(-id);
  writeWireType(w, t);
};
const ge = (id: number, name: string): WireType => ({ kind: 'gobEncoder', name, id, wire: 'gob' });

/** Each GobEncoder definition `n` times, then a value of it: the companion scan's worst case. */
function interleaved(n: number): Uint8Array {
  const parts: ((w: Writer) => void)[] = [];
  for (let i = 0; i < n; i++) {
    const id = 64 + 2 * i;
    parts.push(def(id, ge(id, `G${i}`)));
    parts.push(def(id + 1, ge(id + 1, `H${i}`))); // an unreferenced definition after it: a companion
    parts.push((w) => {
      w.int(id);
      w.byte(0);
      w.bytes(Uint8Array.of(i & 255));
    });
  }
  return messages(parts);
}

function echo(bytes: Uint8Array): Uint8Array {
  const dec = new gob.Decoder();
  dec.push(bytes);
  const enc = new gob.Encoder();
  const out: Uint8Array[] = [];
  for (let v = dec.decodeValue(); v !== gob.NEED_MORE; v = dec.decodeValue()) out.push(enc.encodeValue(v));
  dec.end();
  return Buffer.concat(out);
}

describe('GobEncoder companions', () => {
  it('an unreferenced definition right after a GobEncoder is sent after it again', () => {
    const bytes = interleaved(3);
    expect(Buffer.from(echo(bytes)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a realistic stream with hundreds of GobEncoder types keeps all their companions', () => {
    const raw = { encode: (b: Uint8Array) => b, decode: (b: Uint8Array) => b, isZero: (b: Uint8Array) => b.length === 0 };
    const shape: Record<string, gob.Descriptor> = {};
    const value: Record<string, Uint8Array> = {};
    for (let i = 0; i < 300; i++) {
      const inner = gob.struct(`Inner${i}`, { A: gob.int });
      shape[`F${i}`] = gob.gobEncoder(`Stamp${i}`, raw, { underlyingFields: [inner] });
      value[`F${i}`] = Uint8Array.of(i & 255, 1);
    }
    const T = gob.struct('Wide', shape);
    const bytes = new gob.Encoder().encode(value as never, T);
    expect(Buffer.from(echo(bytes)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a definition some earlier one refers to is not a companion', () => {
    const Holder: WireType = { kind: 'struct', name: 'Holder', id: 64, fields: [{ name: 'G', id: 65 }, { name: 'S', id: 66 }] };
    const S: WireType = { kind: 'struct', name: 'S', id: 66, fields: [{ name: 'A', id: 2 }] };
    const bytes = messages([
      def(64, Holder),
      def(65, ge(65, 'G')),
      def(66, S),
      (w) => {
        w.int(64);
        w.uint(1);
        w.bytes(Uint8Array.of(7));
        w.uint(1);
        w.uint(1);
        w.int(5);
        w.uint(0);
        w.uint(0);
      },
    ]);
    const dec = new gob.Decoder();
    dec.push(bytes);
    const v = dec.decodeValue() as gob.GobValue;
    const g = (v.type as gob.StructDescriptor).fields[0]!.type as gob.GobEncoderDescriptor;
    expect(g.underlyingFields).toEqual([]);
    expect(Buffer.from(new gob.Encoder().encodeValue(v)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('stays linear in the number of interleaved GobEncoder definitions (n vs 4n)', () => {
    const time = (n: number): number => {
      const bytes = interleaved(n);
      let best = Infinity;
      for (let rep = 0; rep < 3; rep++) {
        const t0 = performance.now();
        echo(bytes);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    time(500);
    const small = time(2000);
    const large = time(8000);
    // Linear: ~4×; a scan of every definition per GobEncoder would be ~16×.
    expect(large / Math.max(small, 0.05)).toBeLessThan(10);
  });
});
