/**
 * Go's own robustness cases as fixtures (fixtures/gob, hostile cases of gobzoo/robust.go):
 * TestBadData, TestBadCount, TestErrorForHugeSlice, TestDecoderOverflow (issue 55337),
 * TestLocalRemoteTypesMismatch (issue 62117), 10001-deep nesting in ignored fields
 * (CVE-2022-30635 / CVE-2024-34156), decode-side type errors — and TestDecodePartial (every
 * prefix of real streams). The TS decoder must fail where Go fails, with a GobError whose code
 * matches Go's error, after as many good values as Go decoded, and with the byte offset.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { feed } from '../helpers/gob-decode-all.js';
import { hostileFixtures, valueFixtures } from '../helpers/gob-fixtures.js';
import { hostileTargets, zoo, zooRegistry } from '../helpers/gob-zoo.js';

type Mode = 'typed' | 'schemaless' | 'skip';

/** Decodes values until the stream ends or fails; returns the count and the error. */
function drain(bytes: Uint8Array, mode: Mode, target: Descriptor | undefined, chunk = 0): { values: number; error?: unknown } {
  const dec = new gob.Decoder({ registry: zooRegistry() });
  let values = 0;
  try {
    feed(dec, bytes, chunk);
    for (;;) {
      const r = mode === 'typed' ? dec.decode(target!) : mode === 'skip' ? (dec.skip() ? 1 : gob.NEED_MORE) : dec.decodeValue();
      if (r === gob.NEED_MORE) break;
      values++;
    }
    dec.end();
    return { values };
  } catch (error) {
    return { values, error };
  }
}

describe.each(hostileFixtures().map((f) => [f.id, f] as const))('%s', (id, f) => {
  const target = hostileTargets[id];
  const modes: Mode[] = target ? ['typed'] : ['schemaless', 'skip'];
  const cleanEof = f.hostile.goError === 'EOF';

  it.each(modes)(`%s decoding fails like Go (${f.hostile.goError.slice(0, 60)})`, (mode) => {
    const r = drain(f.bytes, mode, target);
    if (cleanEof) {
      expect(r).toEqual({ values: 0 });
      return;
    }
    expect(r.error, `Go: ${f.hostile.goError}`).toBeInstanceOf(gob.GobError);
    expect(f.hostile.codes, `Go: ${f.hostile.goError}; TS: ${String(r.error)}`).toContain((r.error as gob.GobError).code);
    expect(r.values).toBe(f.hostile.valuesBefore);
  });

  // An empty stream is a clean end (Go: io.EOF), not an error with an offset.
  if (!cleanEof)
    it.each(modes)('%s decoding reports the byte offset', (mode) => {
      const r = drain(f.bytes, mode, target);
      expect(r.error).toBeInstanceOf(gob.GobError);
      const off = (r.error as gob.GobError).offset;
      expect(off, String(r.error)).toBeTypeOf('number');
      expect(off).toBeGreaterThanOrEqual(0);
      expect(off).toBeLessThanOrEqual(f.bytes.length);
    });

  it.each(modes)('%s decoding fails the same from 1-byte chunks', (mode) => {
    const whole = drain(f.bytes, mode, target);
    const bytewise = drain(f.bytes, mode, target, 1);
    expect(bytewise.values).toBe(whole.values);
    expect((bytewise.error as gob.GobError | undefined)?.code).toBe((whole.error as gob.GobError | undefined)?.code);
  });

  it('schemaless decoding and skipping throw nothing but GobError', () => {
    for (const mode of ['schemaless', 'skip'] as const) {
      const r = drain(f.bytes, mode, undefined);
      if (r.error !== undefined) expect(r.error).toBeInstanceOf(gob.GobError);
    }
  });
});

// Schemaless decoding keeps what Go's typed decode would ignore, so it must refuse what Go's ignore
// ops refuse: a type nested past the depth limit, even when the value itself is shallow (found by
// `go-netrpc conformance gob`, case 7.13 in json mode).
describe.each(['deep_struct_ignored', 'deep_array_ignored'])('%s, decoded schemaless', (id) => {
  it('fails with DEPTH_EXCEEDED, whole and from 1-byte chunks', () => {
    const f = hostileFixtures().find((x) => x.id === id);
    expect(f, id).toBeDefined();
    for (const chunk of [0, 1]) {
      const r = drain(f!.bytes, 'schemaless', undefined, chunk);
      expect(r.error, String(r.error)).toBeInstanceOf(gob.GobError);
      expect((r.error as gob.GobError).code).toBe('DEPTH_EXCEEDED');
    }
  });
});

describe('every prefix of a real stream (Go TestDecodePartial)', () => {
  const cases = valueFixtures().filter((f) => ['struct_basic', 'iface_struct', 'iface_nested', 'netrpc', 'time_utc', 'slices'].includes(f.id));

  it.each(cases.map((f) => [f.id, f] as const))('%s: truncation is UNEXPECTED_EOF or a clean end', (id, f) => {
    const types = zoo[id]!;
    const full = drain(f.bytes, 'schemaless', undefined);
    expect(full).toEqual({ values: types.length });
    for (let n = 0; n < f.bytes.length; n++) {
      const r = drain(f.bytes.subarray(0, n), 'schemaless', undefined);
      expect(r.values).toBeLessThan(types.length);
      if (r.error !== undefined) {
        expect(r.error).toBeInstanceOf(gob.GobError);
        expect((r.error as gob.GobError).code, `prefix ${n}`).toBe('UNEXPECTED_EOF');
      }
    }
    const last = drain(f.bytes.subarray(0, f.bytes.length - 1), 'schemaless', undefined);
    expect((last.error as gob.GobError | undefined)?.code).toBe('UNEXPECTED_EOF');
  });
});

describe('64-bit integers from Go never lose precision silently', () => {
  const f = valueFixtures().find((x) => x.id === 'int_edges')!;
  const u = valueFixtures().find((x) => x.id === 'uint_edges')!;

  it('number descriptors decode safe integers and throw PRECISION_LOSS beyond them', () => {
    for (const [fx, desc] of [[f, gob.int64], [u, gob.uint64]] as const) {
      const dec = new gob.Decoder();
      dec.push(fx.bytes);
      for (const v of fx.values) {
        const wire = v.wire;
        if (typeof wire === 'number') {
          expect(dec.decode(desc)).toBe(wire);
        } else {
          let err: unknown;
          try {
            dec.decode(desc);
          } catch (e) {
            err = e;
          }
          expect(err, `${String(wire)} as ${desc.goName}`).toBeInstanceOf(gob.GobError);
          expect((err as gob.GobError).code).toBe('PRECISION_LOSS');
        }
      }
    }
  });

  it('bigint and schemaless decoding keep every value exactly', () => {
    const dec = new gob.Decoder();
    dec.push(f.bytes);
    for (const v of f.values) expect(String(dec.decode(gob.int64n))).toBe(String(v.wire));
    const values = new gob.Decoder();
    values.push(u.bytes);
    for (const v of u.values) {
      const gv = values.decodeValue();
      expect(gv).not.toBe(gob.NEED_MORE);
      const x = (gv as gob.GobValue).value;
      expect(typeof x === 'bigint' ? x.toString() : x).toBe(v.wire);
    }
  });
});
