/**
 * The Go-generated golden zoo (fixtures/gob, see go-testbed/internal/gobzoo) against the
 * TypeScript codec:
 * - decoding with the case's descriptors (one shot and in 1-byte chunks) and without a schema
 *   gives the values Go decoded (wire-view JSON, src/cli/json.ts ≡ gobzoo/wire.go);
 * - a fresh TS Encoder writes exactly Go's bytes for every reproducible case (type ids, names
 *   and definition order as a fresh Go process);
 * - Go (gobpeer) decodes the TS re-encoding — typed, and schemaless via encodeValue — into the
 *   original Go types and finds the same values; Go's own re-encoding of it (from a long-lived
 *   process, so with other type ids) decodes in TS to the same values again, also when read with
 *   decodeStream from the Go process's stdout pipe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';
import { sortWireMaps, toWireJson } from '../../src/cli/json.js';
import type { Json } from '../../src/cli/json.js';
import { decodeAll, decodeValues, encodeAll, hex } from '../helpers/gob-decode-all.js';
import { valueFixtures } from '../helpers/gob-fixtures.js';
import { GobPeer } from '../helpers/gob-peer.js';
import { startGo } from '../helpers/go-peer.js';
import { zoo, zooRegistry } from '../helpers/gob-zoo.js';

const fixtures = valueFixtures();
const registry = zooRegistry();

function typesOf(id: string): readonly Descriptor[] {
  const t = zoo[id];
  if (t === undefined) throw new Error(`test/helpers/gob-zoo.ts has no descriptors for case ${id}`);
  return t;
}

function expected(id: string): Json[] {
  const f = fixtures.find((x) => x.id === id)!;
  return f.values.map((v, i) => sortWireMaps(typesOf(id)[i]!, v.wire as Json, registry));
}

function view(types: readonly Descriptor[], values: readonly unknown[]): Json[] {
  return values.map((v, i) => toWireJson(types[i]!, v, registry));
}

let peer: GobPeer;
beforeAll(() => {
  peer = new GobPeer();
});
afterAll(() => peer?.close());

describe('gob zoo fixtures', () => {
  it('every value case has TS descriptors, one per value', () => {
    expect(fixtures.length).toBeGreaterThan(40);
    for (const f of fixtures) expect(typesOf(f.id).length, f.id).toBe(f.values.length);
    // Byte identity is checked for every case without multi-entry maps or hand-made bytes.
    expect(fixtures.filter((f) => !f.byteCompare).map((f) => f.id).sort()).toEqual(
      ['iface_map_multi', 'map_multi', 'non_minimal_uints', 'other_encoder_order'],
    );
  });

  describe.each(fixtures.map((f) => [f.id, f] as const))('%s', (id, f) => {
    it('decodes with descriptors to the values Go decoded', () => {
      const types = typesOf(id);
      expect(view(types, decodeAll(f.bytes, types, registry))).toEqual(expected(id));
    });

    it('decodes the same from 1-byte chunks', () => {
      const types = typesOf(id);
      expect(view(types, decodeAll(f.bytes, types, registry, 1))).toEqual(expected(id));
    });

    it('decodes without a schema to the values Go decoded', () => {
      const values = decodeValues(f.bytes);
      expect(values.length).toBe(f.values.length);
      const types = typesOf(id);
      const got = values.map((v, i) => sortWireMaps(types[i]!, toWireJson(v.type, v.value), registry));
      expect(got).toEqual(expected(id));
    });

    // Only streams Go's encoder wrote without multi-entry maps are reproducible byte for byte.
    if (f.byteCompare)
      it('a fresh TS Encoder writes Go’s bytes', () => {
        const types = typesOf(id);
        const values = decodeAll(f.bytes, types, registry);
        expect(hex(encodeAll(values, types, registry))).toBe(hex(f.bytes));
      });

    // Schemaless: the stream's own definitions are all the encoder has (`gob echo`). Not for
    // bigint: *big.Int's definition id differs from its CommonType.Id (pointer-receiver
    // GobEncoder), which only a descriptor can say.
    if (f.byteCompare && id !== 'bigint')
      it('the schemaless re-encoding (decodeValue → encodeValue, gob echo) writes Go’s bytes', () => {
        const enc = new gob.Encoder();
        expect(hex(Buffer.concat(decodeValues(f.bytes).map((v) => enc.encodeValue(v))))).toBe(hex(f.bytes));
      });

    it('Go decodes the TS encoding to the same values', async () => {
      const types = typesOf(id);
      const stream = encodeAll(decodeAll(f.bytes, types, registry), types, registry);
      const r = await peer.decode(id, stream);
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(f.values.map((v) => v.wire));
    });

    it('TS decodes Go’s re-encoding (long-lived Go process: other type ids) of the TS encoding', async () => {
      const types = typesOf(id);
      const stream = encodeAll(decodeAll(f.bytes, types, registry), types, registry);
      const r = await peer.echo(id, stream);
      expect(r.error).toBeUndefined();
      expect(view(types, decodeAll(r.data!, types, registry))).toEqual(expected(id));
    });

    it('decodeStream reads the values from a Go process’s stdout pipe', async () => {
      const child = startGo('gobpeer', ['echo', id]);
      try {
        child.stdin!.end(f.bytes);
        const got: Json[] = [];
        let i = 0;
        for await (const v of gob.decodeStream(child.stdout!)) {
          got.push(sortWireMaps(typesOf(id)[i++]!, toWireJson(v.type, v.value), registry));
        }
        expect(got).toEqual(expected(id));
      } finally {
        child.kill();
      }
    });

    it('Go decodes the schemaless re-encoding (encodeValue) to the same values', async () => {
      const enc = new gob.Encoder();
      const stream = Buffer.concat(decodeValues(f.bytes).map((v) => enc.encodeValue(v)));
      const r = await peer.decode(id, stream);
      expect(r.error).toBeUndefined();
      expect(r.values).toEqual(f.values.map((v) => v.wire));
    });
  });
});
