/** TypeTable: Go's id order (structs pre-order, containers post-order) and definition order. */
import { describe, expect, it } from 'vitest';
import * as gob from '../../../src/gob/index.js';
import type { StructDescriptor } from '../../../src/gob/index.js';
import { TypeTable } from '../../../src/gob/type-table.js';
import type { WireType } from '../../../src/gob/wire-type.js';

function sent(t: TypeTable, d: gob.Descriptor): [number, WireType][] {
  const out: [number, WireType][] = [];
  t.send(d, (id, w) => out.push([id, w]));
  return out;
}

describe('TypeTable', () => {
  const Item = gob.struct('Item', { A: gob.int });
  it('S{Items []Item}: S=65, Item=66, []Item=67; sent S, []Item, Item', () => {
    const S = gob.struct('S', { Items: gob.slice(Item) });
    const t = new TypeTable(65);
    expect(t.idOf(S)).toBe(65);
    expect(t.idOf(Item)).toBe(66);
    expect(t.idOf(gob.slice(Item))).toBe(67);
    expect(sent(t, S).map(([id, w]) => [id, w.name])).toEqual([
      [65, 'S'],
      [67, '[]main.Item'],
      [66, 'Item'],
    ]);
    expect(sent(t, S)).toEqual([]);
  });
  it('top-level []Item: Item=65, []Item=66 (unnamed)', () => {
    const t = new TypeTable(65);
    expect(t.idOf(gob.slice(Item))).toBe(66);
    expect(t.idOf(Item)).toBe(65);
    expect(sent(t, gob.slice(Item))[0]?.[1].name).toBe('');
  });
  it('map elements are defined with an empty name; basic and []byte types get no ids', () => {
    const t = new TypeTable(65);
    expect(t.idOf(gob.map(gob.string, Item))).toBe(66);
    const defs = sent(t, gob.map(gob.string, Item));
    expect(defs.map(([id, w]) => [id, w.name])).toEqual([
      [66, ''],
      [65, ''],
    ]);
    expect(t.idOf(gob.int)).toBe(2);
    expect(t.idOf(gob.named('MyBytes', gob.bytes))).toBe(5);
    expect(t.idOf(gob.named('MyInt', gob.int))).toBe(2);
    expect(t.idOf(gob.interface)).toBe(8);
  });
  it('recursive types and rollback', () => {
    type TreeV = { Left: TreeV | null };
    const Tree: StructDescriptor<TreeV> = gob.struct('Tree', () => ({ Left: gob.ptr(Tree), Kids: gob.slice(gob.ptr(Tree)) }));
    const t = new TypeTable(65);
    t.begin();
    expect(t.idOf(Tree)).toBe(65);
    expect(sent(t, Tree).map(([id]) => id)).toEqual([65, 66]);
    t.rollback();
    expect(t.idOf(gob.struct('Other', { X: gob.int }))).toBe(65);
  });
  it("channels/functions don't exist; unsupported kinds fail", () => {
    expect(() => new TypeTable(65).idOf({ kind: 'weird' } as unknown as gob.Descriptor)).toThrow(gob.GobError);
  });
});
