/**
 * Unknown-field preservation against Go (go-testbed/cmd/gobprop): a random value of a rich Go
 * type (nested structs, pointers, maps, slices, interfaces, recursion, uint64 above 2^53,
 * non-UTF-8 strings), decoded in TS with a random subset descriptor at every struct level, one
 * declared field changed, re-encoded, must decode in Go to the original value with just that
 * change (reflect.DeepEqual in Go). Interface values of types TS has not registered decode
 * schemaless (`unregisteredInterfaces: 'schemaless'`) and go back under their Go names.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as gob from '../../src/gob/index.js';
import type { Descriptor, StructDescriptor } from '../../src/gob/index.js';
import { startGo } from '../helpers/go-peer.js';

interface Reply {
  readonly data?: string;
  readonly ok?: boolean;
  readonly error?: string;
}

class PropPeer {
  private readonly child: ChildProcess;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';

  constructor() {
    this.child = startGo('gobprop', ['serve']);
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    this.child.on('exit', () => {
      for (const w of this.waiting.splice(0)) w(JSON.stringify({ error: `gobprop exited: ${this.stderr}` }));
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.waiting.shift()?.(line));
  }

  request(req: Record<string, unknown>): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as Reply));
      this.child.stdin?.write(JSON.stringify(req) + '\n');
    });
  }

  close(): void {
    this.child.stdin?.end();
  }
}

const LEAF = ['A', 'B', 'C'] as const;
const INNER = ['Label', 'N', 'Leaf', 'Leaves', 'Tags', 'P', 'Any'] as const;
const RICH = ['Name', 'Count', 'Flag', 'Score', 'In', 'InP', 'Ins', 'ByKey', 'Arr', 'Any', 'Anys', 'Big', 'Cplx', 'Blob', 'Nested', 'Kids'] as const;

/** Rich, Inner and Leaf descriptors declaring only the fields whose mask bit is set. */
function subsetDescriptors(richMask: readonly boolean[], innerMask: readonly boolean[], leafMask: readonly boolean[], keep: string): StructDescriptor<Record<string, unknown>> {
  const pick = <K extends string>(names: readonly K[], mask: readonly boolean[], all: Record<K, Descriptor>, always?: string): Record<string, Descriptor> => {
    const out: Record<string, Descriptor> = {};
    names.forEach((n, i) => {
      if (mask[i] === true || n === always) out[n] = all[n];
    });
    return out;
  };
  const Leaf = gob.struct('Leaf', pick(LEAF, leafMask, { A: gob.int, B: gob.string, C: gob.bytes }));
  const Inner = gob.struct(
    'Inner',
    pick(INNER, innerMask, {
      Label: gob.string,
      N: gob.uint32,
      Leaf,
      Leaves: gob.slice(Leaf),
      Tags: gob.map(gob.string, gob.int),
      P: gob.ptr(Leaf),
      Any: gob.interface,
    }),
  );
  const Rich: StructDescriptor<Record<string, unknown>> = gob.struct('Rich', () =>
    pick(
      RICH,
      richMask,
      {
        Name: gob.string,
        Count: gob.int64,
        Flag: gob.bool,
        Score: gob.float64,
        In: Inner,
        InP: gob.ptr(Inner),
        Ins: gob.slice(Inner),
        ByKey: gob.map(gob.string, Inner),
        Arr: gob.array(gob.int16, 3),
        Any: gob.interface,
        Anys: gob.slice(gob.interface),
        Big: gob.uint64n,
        Cplx: gob.complex128,
        Blob: gob.bytes,
        Nested: gob.map(gob.int, gob.slice(gob.string)),
        Kids: gob.slice(gob.ptr(Rich)),
      },
      keep,
    ),
  );
  return Rich;
}

const edit = fc.oneof(
  fc.record({ field: fc.constant('Name'), value: fc.string() }),
  fc.record({ field: fc.constant('Count'), value: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) }),
  fc.record({ field: fc.constant('Flag'), value: fc.boolean() }),
  fc.record({ field: fc.constant('Score'), value: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
) as fc.Arbitrary<{ field: 'Name' | 'Count' | 'Flag' | 'Score'; value: unknown }>;

/** gen(seed) → TS decode with the subset descriptor → edit → encode twice → Go checks. */
async function roundTrip(seed: number, richMask: readonly boolean[], innerMask: readonly boolean[], leafMask: readonly boolean[], { field, value }: { field: string; value: unknown }): Promise<void> {
  const gen = await peer.request({ op: 'gen', seed });
  expect(gen.error).toBeUndefined();
  const Rich = subsetDescriptors(richMask, innerMask, leafMask, field);
  const dec = new gob.Decoder({ registry: new gob.Registry(), unregisteredInterfaces: 'schemaless' });
  dec.push(Buffer.from(gen.data!, 'base64'));
  const v = dec.decode(Rich) as Record<string, unknown>;
  dec.end();
  v[field] = value;
  // Twice on one Encoder: the second value takes the Encoder's cached path.
  const enc = new gob.Encoder({ registry: new gob.Registry() });
  const out = Buffer.concat([enc.encode(v, Rich), enc.encode(v, Rich)]);
  const r = await peer.request({ op: 'check', seed, field, value, data: out.toString('base64') });
  expect(r.error).toBeUndefined();
  expect(r.ok).toBe(true);
}

let peer: PropPeer;
beforeAll(() => {
  peer = new PropPeer();
});
afterAll(() => peer?.close());

describe('unknown-field preservation against Go', () => {
  it('decode with a random subset descriptor, change one field, re-encode: Go sees its value with just that change', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.boolean(), { minLength: RICH.length, maxLength: RICH.length }),
        fc.array(fc.boolean(), { minLength: INNER.length, maxLength: INNER.length }),
        fc.array(fc.boolean(), { minLength: LEAF.length, maxLength: LEAF.length }),
        edit,
        (seed, richMask, innerMask, leafMask, e) => roundTrip(seed, richMask, innerMask, leafMask, e),
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('regression: a declared Leaf field next to a preserved []Leaf (Go decodes one Go type with one op per struct)', async () => {
    // Found by the property above: Go's decOpFor reuses the op of the first wire type it met for
    // a Go type within a struct, so the declared struct must be re-sent with the wire layout.
    const mask = (n: number, ...on: number[]): boolean[] => Array.from({ length: n }, (_, i) => on.includes(i));
    await roundTrip(962275109, mask(RICH.length, 4), mask(INNER.length, 2), mask(LEAF.length, 0), { field: 'Name', value: '' });
  });

  it('the same edit with preservation off loses the undeclared fields (so the property above can fail)', async () => {
    const gen = await peer.request({ op: 'gen', seed: 7 });
    const Rich = subsetDescriptors([true], [], [], 'Name');
    const dec = new gob.Decoder({ preserveUnknownFields: false });
    dec.push(Buffer.from(gen.data!, 'base64'));
    const v = dec.decode(Rich) as Record<string, unknown>;
    v['Name'] = 'x';
    const data = Buffer.from(new gob.Encoder().encode(v, Rich)).toString('base64');
    const r = await peer.request({ op: 'check', seed: 7, field: 'Name', value: 'x', data });
    expect(r.error).toMatch(/differs/);
  });
});
