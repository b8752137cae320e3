/** interface-value: GoInterface construction and registry resolution on encode/decode. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';

describe('GoInterface / iface', () => {
  const P = gob.struct('P', { X: gob.int });
  it('by descriptor or by registered name', () => {
    const a = gob.iface(P, { X: 1 });
    expect([a.type, a.name]).toEqual([P, null]);
    const b = gob.iface('main.P', { X: 1 });
    expect([b.type, b.name]).toEqual([null, 'main.P']);
    const c = gob.iface(P, { X: 1 }, 'custom.Name');
    expect(c.name).toBe('custom.Name');
  });
  it('decoded values carry name and registered descriptor; explicit names need no registry entry to encode', () => {
    const reg = new gob.Registry();
    reg.registerType(P);
    const W = gob.struct('W', { V: gob.interface });
    const bytes = new gob.Encoder({ registry: reg }).encode({ V: gob.iface('main.P', { X: 2 }) }, W);
    const dec = new gob.Decoder({ registry: reg });
    dec.push(bytes);
    const v = (dec.decode(W) as { V: gob.GoInterface }).V;
    expect([v.name, v.type, v.value]).toEqual(['main.P', P, { X: 2 }]);
    const again = new gob.Encoder({ registry: new gob.Registry() }).encode({ V: v }, W);
    expect(again.length).toBe(bytes.length);
  });
});
