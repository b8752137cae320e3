/** fast-check arbitraries for random gob descriptors with matching random values (property tests). */
import fc from 'fast-check';
import * as gob from '../../src/gob/index.js';
import type { Descriptor } from '../../src/gob/index.js';

export type Spec =
  | { readonly k: 'bool' | 'string' | 'rawstring' | 'bytes' | 'float64' | 'float32' | 'complex128' | 'iface' }
  | { readonly k: 'int'; readonly t: 'int8' | 'int16' | 'int32' | 'int64' | 'int64n' }
  | { readonly k: 'uint'; readonly t: 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uint64n' }
  | { readonly k: 'slice'; readonly e: Spec }
  | { readonly k: 'array'; readonly e: Spec; readonly n: number }
  | { readonly k: 'map'; readonly key: Spec; readonly e: Spec }
  | { readonly k: 'ptrstruct'; readonly fields: readonly Spec[] }
  | { readonly k: 'struct'; readonly fields: readonly Spec[] };

const basicSpec: fc.Arbitrary<Spec> = fc.oneof(
  fc.constantFrom<Spec>({ k: 'bool' }, { k: 'string' }, { k: 'rawstring' }, { k: 'bytes' }, { k: 'float64' }, { k: 'float32' }, { k: 'complex128' }, { k: 'iface' }),
  fc.constantFrom('int8', 'int16', 'int32', 'int64', 'int64n').map((t) => ({ k: 'int', t }) as Spec),
  fc.constantFrom('uint8', 'uint16', 'uint32', 'uint64', 'uint64n').map((t) => ({ k: 'uint', t }) as Spec),
);
const keySpec: fc.Arbitrary<Spec> = fc.oneof(
  fc.constantFrom<Spec>({ k: 'bool' }, { k: 'string' }),
  fc.constantFrom('int8', 'int64', 'int64n').map((t) => ({ k: 'int', t }) as Spec),
  fc.constantFrom('uint16', 'uint64').map((t) => ({ k: 'uint', t }) as Spec),
);

export const specArb: fc.Arbitrary<Spec> = fc.letrec<{ spec: Spec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    basicSpec,
    fc.record({ k: fc.constant('slice' as const), e: tie('spec') }),
    fc.record({ k: fc.constant('array' as const), e: tie('spec'), n: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ k: fc.constant('map' as const), key: keySpec, e: tie('spec') }),
    fc.record({ k: fc.constant('struct' as const), fields: fc.array(tie('spec'), { maxLength: 4 }) }),
    fc.record({ k: fc.constant('ptrstruct' as const), fields: fc.array(tie('spec'), { maxLength: 3 }) }),
  ),
})).spec;

let structSerial = 0;
const cache = new WeakMap<Spec, Descriptor>();

export function descOf(s: Spec): Descriptor {
  const c = cache.get(s);
  if (c !== undefined) return c;
  let d: Descriptor;
  switch (s.k) {
    case 'bool':
      d = gob.bool;
      break;
    case 'string':
    case 'rawstring':
      d = gob.string;
      break;
    case 'bytes':
      d = gob.bytes;
      break;
    case 'float64':
      d = gob.float64;
      break;
    case 'float32':
      d = gob.float32;
      break;
    case 'complex128':
      d = gob.complex128;
      break;
    case 'iface':
      d = gob.interface;
      break;
    case 'int':
      d = gob[s.t];
      break;
    case 'uint':
      d = gob[s.t];
      break;
    case 'slice':
      d = gob.slice(descOf(s.e));
      break;
    case 'array':
      d = gob.array(descOf(s.e), s.n);
      break;
    case 'map':
      d = gob.map(descOf(s.key), descOf(s.e));
      break;
    case 'struct':
    case 'ptrstruct': {
      const fields: Record<string, Descriptor> = {};
      s.fields.forEach((f, i) => (fields[`F${i}`] = descOf(f)));
      const st = gob.struct(`S${++structSerial}`, fields);
      d = s.k === 'struct' ? st : gob.ptr(st);
      break;
    }
  }
  cache.set(s, d);
  return d;
}

const noNegZero = (x: number): number => (Object.is(x, -0) ? 0 : x);

/** Values of spec `s`; `inField` = the value sits in a struct field (where Go drops -0.0 and nil pointers are allowed). */
export function valueArb(s: Spec, inField = false): fc.Arbitrary<unknown> {
  switch (s.k) {
    case 'bool':
      return fc.boolean();
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 8 });
    case 'rawstring':
      return fc.uint8Array({ maxLength: 8 }).map((b) => gob.goStringFromBytes(b));
    case 'bytes':
      return fc.uint8Array({ maxLength: 8 });
    case 'float64':
      return fc.double().map((x) => (inField ? noNegZero(x) : x));
    case 'float32':
      return fc.float().map((x) => (inField ? noNegZero(x) : x));
    case 'complex128':
      return fc.record({ real: fc.double(), imag: fc.double() });
    case 'iface':
      return fc.oneof(
        fc.constant(null),
        fc.integer().map((n) => gob.iface(gob.intAuto, n)),
        fc.string({ maxLength: 5 }).map((x) => gob.iface(gob.string, x)),
        fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }).map((x) => gob.iface(gob.slice(gob.string), x)),
      );
    case 'int': {
      const r = { int8: [-128, 127], int16: [-32768, 32767], int32: [-(2 ** 31), 2 ** 31 - 1] } as Record<string, [number, number]>;
      if (s.t === 'int64') return fc.maxSafeInteger();
      if (s.t === 'int64n') return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
      const [min, max] = r[s.t] as [number, number];
      return fc.integer({ min, max });
    }
    case 'uint': {
      if (s.t === 'uint64') return fc.maxSafeNat();
      if (s.t === 'uint64n') return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
      const max = { uint8: 255, uint16: 65535, uint32: 2 ** 32 - 1 }[s.t];
      return fc.integer({ min: 0, max });
    }
    case 'slice':
      return fc.array(valueArb(s.e), { maxLength: 3 });
    case 'array':
      return fc.array(valueArb(s.e), { minLength: s.n, maxLength: s.n });
    case 'map':
      return fc
        .uniqueArray(fc.tuple(valueArb(s.key), valueArb(s.e)), { maxLength: 3, selector: (t) => t[0] })
        .map((entries) => new Map(entries));
    case 'struct':
    case 'ptrstruct': {
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      s.fields.forEach((f, i) => (rec[`F${i}`] = valueArb(f, true)));
      const v = fc.record(rec);
      return s.k === 'ptrstruct' && inField ? fc.option(v, { nil: null }) : v;
    }
  }
}

/** A spec with a value of it. */
export const typedValueArb: fc.Arbitrary<{ spec: Spec; value: unknown }> = specArb.chain((spec) => valueArb(spec).map((value) => ({ spec, value })));

/** Replaces GoInterface wrappers by `{ iface: value }` for deep equality. */
export function plain(v: unknown): unknown {
  if (v instanceof gob.GoInterface) return { iface: plain(v.value) };
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = plain(x);
  return o;
}
