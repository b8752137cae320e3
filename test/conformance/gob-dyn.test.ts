/**
 * Random schemas and values both ways through Go (gobpeer dyn: Go builds the type at run time
 * with reflect, decodes the TS-encoded value, re-encodes it with a fresh gob.Encoder):
 * Go must see the value TS meant (wire-view JSON), and TS must decode Go's re-encoding back to
 * the original value. And a fresh TS Encoder writes exactly the bytes of a fresh Go process
 * (`gobpeer dyn TYPE`) for random map-order-free values.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import { sortWireMaps, toWireJson } from '../../src/cli/json.js';
import type { Json } from '../../src/cli/json.js';
import type { Descriptor } from '../../src/gob/index.js';
import { dynCaseWithValue } from '../helpers/arb-gob-dyn.js';
import { GobPeer } from '../helpers/gob-peer.js';
import { runGo } from '../helpers/go-peer.js';

/** True when a map in the value has several entries (Go writes those in random order). */
function hasMultiEntryMap(d: Descriptor, v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (d.kind) {
    case 'map':
      return (v as Map<unknown, unknown>).size > 1 || [...(v as Map<unknown, unknown>)].some(([k, e]) => hasMultiEntryMap(d.key, k) || hasMultiEntryMap(d.elem, e));
    case 'slice':
    case 'array':
      return (v as unknown[]).some((e) => hasMultiEntryMap(d.elem, e));
    case 'ptr':
      return hasMultiEntryMap(d.elem, v);
    case 'struct':
      return d.fields.some((f) => hasMultiEntryMap(f.type, (v as Record<string, unknown>)[f.name]));
    default:
      return false;
  }
}

let peer: GobPeer;
beforeAll(() => {
  peer = new GobPeer();
});
afterAll(() => peer?.close());

describe('random gob schemas through Go (reflect-built types)', () => {
  it('TS → Go → TS keeps every value', async () => {
    await fc.assert(
      fc.asyncProperty(dynCaseWithValue(3), async ({ c, value }) => {
        const bytes = new gob.Encoder().encode(value as never, c.desc);
        const r = await peer.dyn(c.dyn, bytes);
        expect(r.error, JSON.stringify(c.dyn)).toBeUndefined();
        const want = toWireJson(c.desc, value);
        expect(sortWireMaps(c.desc, (r.values?.[0] ?? null) as Json)).toEqual(want);
        const dec = new gob.Decoder();
        dec.push(r.data!);
        const back = dec.decode(c.desc);
        expect(back).not.toBe(gob.NEED_MORE);
        dec.end();
        expect(toWireJson(c.desc, back)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('a fresh TS Encoder writes what a fresh Go process writes for the same value', async () => {
    await fc.assert(
      fc.asyncProperty(dynCaseWithValue(3).filter(({ c, value }) => !hasMultiEntryMap(c.desc, value)), async ({ c, value }) => {
        const bytes = new gob.Encoder().encode(value as never, c.desc);
        const r = await runGo('gobpeer', ['dyn', JSON.stringify(c.dyn)], bytes, 20_000);
        expect(r.stderr, JSON.stringify(c.dyn)).toBe('');
        expect(Buffer.from(bytes).toString('hex'), JSON.stringify(c.dyn)).toBe(r.stdout.toString('hex'));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('gob.slice(gob.uint8) travels as Go []uint8, i.e. gob bytes (type id 5)', async () => {
    const T = gob.struct('', { F0: gob.slice(gob.uint8) });
    const bytes = new gob.Encoder().encode({ F0: [1, 2, 255] }, T);
    const r = await peer.dyn({ kind: 'struct', fields: [{ name: 'F0', type: { kind: 'slice', elem: { kind: 'uint8' } } }] }, bytes);
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual([{ F0: 'AQL/' }]);
  });
});
