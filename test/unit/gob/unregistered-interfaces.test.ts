/**
 * Interface values whose concrete type is not registered, on Go's own bytes (the gob zoo's
 * interface fixtures, written by a fresh Go process): Go's error by default; with the Decoder
 * option `unregisteredInterfaces: 'schemaless'` they decode with their wire types, keep their
 * Go names, and a fresh Encoder writes Go's exact bytes back.
 */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import { loadFixtures } from '../../helpers/gob-fixtures.js';
import { zoo, zooRegistry } from '../../helpers/gob-zoo.js';

const registered = zooRegistry();
/**
 * Fixtures where a concrete type inside an interface is also a declared type of the value
 * (WithIface in WithIface, []interface {} in []interface {}): Go sends that type once; the
 * schemaless value's type is built from the wire and is a distinct descriptor, so the
 * re-encoding defines it a second time (same values, other bytes).
 */
const SHARED_TYPES = new Set(['iface_nested', 'iface_slice']);
const fixtures = loadFixtures().filter((f) => f.id.startsWith('iface_') && f.hostile === undefined);

function decodeAll(f: { id: string; bytes: Uint8Array }, options: gob.DecoderOptions): unknown[] {
  const types = zoo[f.id] ?? [];
  const dec = new gob.Decoder(options);
  dec.push(f.bytes);
  const out = types.map((t) => dec.decode(t));
  dec.end();
  return out;
}

/** The Go names of every interface value in `v` (depth-first). */
function names(v: unknown, out: string[] = []): string[] {
  if (v instanceof gob.GoInterface) {
    out.push(v.name ?? '?');
    names(v.value, out);
  } else if (v instanceof Map) for (const [k, e] of v) names(e, names(k, out));
  else if (Array.isArray(v)) for (const e of v) names(e, out);
  else if (v !== null && typeof v === 'object') for (const e of Object.values(v)) names(e, out);
  return out;
}

describe('interface values of unregistered types', () => {
  it('has the interface fixtures to check', () => {
    expect(fixtures.map((f) => f.id)).toEqual(expect.arrayContaining(['iface_struct', 'iface_nested', 'iface_shapes', 'iface_pointer', 'iface_containers']));
  });

  it('fail by default with Go\'s error', () => {
    const f = fixtures.find((x) => x.id === 'iface_struct')!;
    let err: unknown;
    try {
      decodeAll(f, { registry: new gob.Registry() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(gob.GobError);
    expect((err as gob.GobError).code).toBe('UNREGISTERED_NAME');
    expect((err as gob.GobError).message).toMatch(/^gob: name not registered for interface: "main\.Point"/);
  });

  it('rejects an unknown option value', () => {
    expect(() => new gob.Decoder({ unregisteredInterfaces: 'maybe' as never })).toThrow(/unregisteredInterfaces/);
  });

  for (const f of fixtures) {
    it(`${f.id}: decode schemaless with their names, re-encode to Go's bytes`, () => {
      const values = decodeAll(f, { registry: new gob.Registry({ builtins: false }), unregisteredInterfaces: 'schemaless' });
      const want = decodeAll(f, { registry: registered });
      // Same Go names as a decode with every type registered.
      expect(names(values)).toEqual(names(want));
      const enc = new gob.Encoder({ registry: new gob.Registry({ builtins: false }) });
      const types = zoo[f.id] ?? [];
      const bytes = Buffer.concat(values.map((v, i) => enc.encode(v as never, types[i]!)));
      if (f.byteCompare && !SHARED_TYPES.has(f.id)) expect(bytes.toString('hex')).toBe(Buffer.from(f.bytes).toString('hex'));
      // Go's own types decode the re-encoding to the same values.
      expect(decodeAll({ id: f.id, bytes }, { registry: registered })).toEqual(want);
    });
  }
});
