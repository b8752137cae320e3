/**
 * Compiles one decode closure per (local descriptor, remote type id) and checks Go's
 * compatibility rules on the way (Go decode.go `decOpFor`, `compileSingle`, `compatibleType`,
 * `decodeSingle`, `decodeArray`, `decodeMap`, `decodeInterface`, `decodeGobDecoder`, the
 * overflow checks of `decInt8` … `decFloat32`); structs are compile-decode-struct.ts, handed
 * {@link decoderFor} for their fields. Caches the closures per Decoder (and the two top-level
 * ones used last, see `TopHot`).
 *
 * Deviation from Go: decoding produces fresh values (absent struct fields get their zero
 * value) instead of merging into an existing variable.
 */
import { MAX_INTERFACE_NAME, T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT } from './constants.js';
import { clearTopLevel, EAGER_LEVELS, depthExceeded, isBuiltinId, mayContainInterface, wireOf, wireName } from './decode-state.js';
import { MAX_FLOAT32, mismatch, outOfRange, precisionLoss } from './decode-errors.js';
import type { DecFn, DecodeState } from './decode-state.js';
import { gobError } from './errors.js';
import { goString } from './go-names.js';
import { GoInterface } from './types.js';
import type { Descriptor } from './types.js';
import { decodeGoString } from './utf8.js';
import { WIRE_IFACE, wireDescriptor } from './wire-descriptor.js';
import { flatten, INT_MAX, INT_MIN, isByteSlice, UINT_MAX } from './descriptor-rules.js';
import { structDecoder } from './compile-decode-struct.js';

function cacheFor(st: DecodeState, local: Descriptor): Map<number, DecFn> {
  let byRemote = st.decCache.get(local);
  if (byRemote === undefined) {
    byRemote = new Map();
    st.decCache.set(local, byRemote);
  }
  return byRemote;
}

/** The decode closure for values of remote type `remoteId` into `local` (cached per Decoder). */
function decoderFor(st: DecodeState, local: Descriptor, remoteId: number, depth: number, name: string): DecFn {
  // Checked before the cache: a type reused deeper than the limit (an int leaf, a shared struct) counts too.
  if (depth > st.maxDepth) depthExceeded(st, null);
  const byRemote = cacheFor(st, local);
  const cached = byRemote.get(remoteId);
  if (cached !== undefined) return cached;
  if (depth % EAGER_LEVELS === EAGER_LEVELS - 1) return lazyDecoder(st, local, remoteId, depth, name);
  return compileDecoder(st, byRemote, local, remoteId, depth, name);
}

/** Compiles on first use (and again after definitions were rolled back). */
function lazyDecoder(st: DecodeState, local: Descriptor, remoteId: number, depth: number, name: string): DecFn {
  let impl: DecFn | null = null;
  let generation = -1;
  return (r) => {
    if (impl === null || generation !== st.generation) {
      generation = st.generation;
      const byRemote = cacheFor(st, local);
      impl = byRemote.get(remoteId) ?? compileDecoder(st, byRemote, local, remoteId, depth, name);
    }
    return impl(r);
  };
}

function compileDecoder(st: DecodeState, byRemote: Map<number, DecFn>, local: Descriptor, remoteId: number, depth: number, name: string): DecFn {
  let impl: DecFn | undefined;
  const stub: DecFn = (r) => (impl as DecFn)(r);
  byRemote.set(remoteId, stub);
  try {
    // Structs skip build()'s large frame: struct chains are the deepest nesting a peer can send.
    const l = flatten(local);
    impl = l.kind === 'struct' ? structDecoder(st, l, local, remoteId, depth, decoderFor) : build(st, local, remoteId, depth, name);
  } catch (err) {
    st.decCache.clear();
    st.skipCache.clear();
    clearTopLevel(st);
    throw err;
  }
  byRemote.set(remoteId, impl);
  return impl;
}

/** A top-level value (or an interface's concrete value): structs directly, others after a `00` delta. */
export function topLevelDecoder(st: DecodeState, local: Descriptor, remoteId: number): DecFn {
  const h = st.topHot;
  if (h.aType === local && h.aId === remoteId) return h.aFn as DecFn;
  if (h.bType === local && h.bId === remoteId) return h.bFn as DecFn;
  const fn = topLevelDecoderOf(st, local, remoteId);
  h.bType = h.aType;
  h.bId = h.aId;
  h.bFn = h.aFn;
  h.aType = local;
  h.aId = remoteId;
  h.aFn = fn;
  return fn;
}

function topLevelDecoderOf(st: DecodeState, local: Descriptor, remoteId: number): DecFn {
  let byRemote = st.topCache.get(local);
  if (byRemote === undefined) {
    byRemote = new Map();
    st.topCache.set(local, byRemote);
  }
  let fn = byRemote.get(remoteId);
  if (fn === undefined) {
    fn = buildTopLevel(st, local, remoteId);
    byRemote.set(remoteId, fn);
  }
  return fn;
}

function buildTopLevel(st: DecodeState, local: Descriptor, remoteId: number): DecFn {
  const l = flatten(local);
  if (l.kind === 'struct') {
    if (isBuiltinId(remoteId) || wireOf(st, remoteId).kind !== 'struct') {
      throw gobError('TYPE_MISMATCH', `gob: type mismatch in decoder: want struct type ${goString(local)}; got non-struct`);
    }
    return decoderFor(st, local, remoteId, 0, goString(local));
  }
  if (!isBuiltinId(remoteId)) wireOf(st, remoteId);
  const inner = decoderFor(st, local, remoteId, 0, goString(local));
  return (r) => {
    if (r.uint() !== 0) r.corrupt('gob: decode: corrupted data: non-zero delta for singleton');
    return inner(r);
  };
}

function build(st: DecodeState, local: Descriptor, remoteId: number, depth: number, name: string): DecFn {
  const l = flatten(local);
  const expect = (id: number): void => {
    if (remoteId !== id) mismatch(st, local, remoteId);
  };
  switch (l.kind) {
    case 'bool':
      expect(T_BOOL);
      return (r) => r.uint() !== 0;
    case 'int': {
      expect(T_INT);
      if (l.mode === 'bigint') return (r) => r.intBig();
      if (l.mode === 'auto') {
        return (r) => {
          const p = r.pos;
          const v = r.int();
          if (v === v) return v;
          r.pos = p;
          return r.intBig();
        };
      }
      if (l.bits === 64) {
        return (r) => {
          const v = r.int();
          if (v !== v) precisionLoss(r, name, l);
          return v;
        };
      }
      const min = INT_MIN[l.bits] as number;
      const max = INT_MAX[l.bits] as number;
      return (r) => {
        const v = r.int();
        if (!(v >= min && v <= max)) outOfRange(r, name, l.goName);
        return v;
      };
    }
    case 'uint': {
      expect(T_UINT);
      if (l.mode === 'bigint') return (r) => r.uintBig();
      if (l.mode === 'auto') {
        return (r) => {
          const p = r.pos;
          const v = r.uint();
          if (v <= Number.MAX_SAFE_INTEGER) return v;
          r.pos = p;
          return r.uintBig();
        };
      }
      if (l.bits === 64) {
        return (r) => {
          const v = r.uint();
          if (v > Number.MAX_SAFE_INTEGER) precisionLoss(r, name, l);
          return v;
        };
      }
      const max = UINT_MAX[l.bits] as number;
      return (r) => {
        const v = r.uint();
        if (v > max) outOfRange(r, name, l.goName);
        return v;
      };
    }
    case 'float':
      expect(T_FLOAT);
      if (l.goName === 'float32') {
        return (r) => {
          const v = r.float();
          if (Math.abs(v) > MAX_FLOAT32 && Number.isFinite(v)) outOfRange(r, name, 'float32');
          return Math.fround(v);
        };
      }
      return (r) => r.float();
    case 'complex':
      expect(T_COMPLEX);
      if (l.goName === 'complex64') {
        return (r) => {
          const re = r.float();
          const im = r.float();
          if ((Math.abs(re) > MAX_FLOAT32 && Number.isFinite(re)) || (Math.abs(im) > MAX_FLOAT32 && Number.isFinite(im))) {
            outOfRange(r, name, 'complex64');
          }
          return { real: Math.fround(re), imag: Math.fround(im) };
        };
      }
      return (r) => ({ real: r.float(), imag: r.float() });
    case 'string':
      expect(T_STRING);
      return (r) => r.string();
    case 'bytes':
      expect(T_BYTES);
      return st.zeroCopy ? (r) => r.bytesView() : (r) => r.bytesCopy();
    case 'interface':
      if (remoteId !== T_INTERFACE) {
        throw gobError(
          'TYPE_MISMATCH',
          `gob: local interface type ${goString(local)} can only be decoded from remote interface type; received concrete type ${wireName(st, remoteId)}`,
        );
      }
      return interfaceDecoder(st, l === WIRE_IFACE);
    case 'gobEncoder': {
      const w = isBuiltinId(remoteId) ? undefined : wireOf(st, remoteId);
      if (w === undefined || w.kind !== 'gobEncoder' || w.wire !== l.wire) mismatch(st, local, remoteId);
      const hooks = l.hooks;
      return (r) => {
        const b = r.bytesView();
        try {
          return hooks.decode(b);
        } catch (err) {
          if (err instanceof Error && err.name === 'GobError') throw err;
          throw gobError('CORRUPT', `gob: ${goString(l)} unmarshal failed: ${err instanceof Error ? err.message : String(err)}`, r.offset, err);
        }
      };
    }
    case 'slice': {
      if (isByteSlice(l)) {
        expect(T_BYTES);
        return (r) => Array.from(r.bytesView());
      }
      const w = isBuiltinId(remoteId) ? undefined : wireOf(st, remoteId);
      if (w === undefined || w.kind !== 'slice') mismatch(st, local, remoteId);
      const elem = decoderFor(st, l.elem, w.elem, depth + 1, name);
      const span = mayContainInterface(st, w.elem);
      if (w.elem === T_STRING && flatten(l.elem).kind === 'string') {
        return (r) => {
          const n = r.count('slice length');
          if (n > r.remaining) r.corrupt(`gob: decoding array or slice: length exceeds input size (${n} elements)`);
          return r.strings(n);
        };
      }
      return (r) => {
        const n = r.count('slice length');
        if (!span && n > r.remaining) r.corrupt(`gob: decoding array or slice: length exceeds input size (${n} elements)`);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(elem(r));
        return out;
      };
    }
    case 'array': {
      const w = isBuiltinId(remoteId) ? undefined : wireOf(st, remoteId);
      if (w === undefined || w.kind !== 'array' || w.len !== l.len) mismatch(st, local, remoteId);
      const elem = decoderFor(st, l.elem, w.elem, depth + 1, name);
      const len = l.len;
      return (r) => {
        const n = r.count('array length');
        if (n !== len) r.corrupt(`gob: length mismatch in decodeArray (${n} elements, want ${len})`);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(elem(r));
        return out;
      };
    }
    case 'map': {
      const w = isBuiltinId(remoteId) ? undefined : wireOf(st, remoteId);
      if (w === undefined || w.kind !== 'map') mismatch(st, local, remoteId);
      const key = decoderFor(st, l.key, w.key, depth + 1, name);
      const elem = decoderFor(st, l.elem, w.elem, depth + 1, name);
      const span = mayContainInterface(st, w.key) || mayContainInterface(st, w.elem);
      const kk = flatten(l.key).kind;
      const objectKeys = kk === 'struct' || kk === 'array' || kk === 'complex' || kk === 'interface';
      return (r) => {
        const n = r.count('map length');
        if (!span && n > r.remaining) r.corrupt(`gob: decoding map: length exceeds input size (${n} elements)`);
        const m = new Map<unknown, unknown>();
        const canon = objectKeys ? new Map<string, unknown>() : null;
        for (let i = 0; i < n; i++) {
          const buf = r.buf;
          const start = r.pos;
          let k = key(r);
          if (canon !== null && r.buf === buf) {
            const c = latin1(buf, start, r.pos);
            const prev = canon.get(c);
            if (prev !== undefined) k = prev;
            else canon.set(c, k);
          }
          m.set(k, elem(r));
        }
        return m;
      };
    }
    case 'struct':
      return structDecoder(st, l, local, remoteId, depth, decoderFor);
    default:
      throw gobError('INVALID_DESCRIPTOR', `gob: cannot decode into ${goString(local)}`);
  }
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i] as number);
  return s;
}

function interfaceDecoder(st: DecodeState, schemaless: boolean): DecFn {
  return (r) => {
    const n = r.uint();
    if (n === 0) return null;
    if (n > MAX_INTERFACE_NAME) r.corrupt(`gob: interface type name too long (${n} bytes)`);
    if (n > r.remaining) r.corrupt(`gob: bad interface encoding: name length ${n} exceeds input size ${r.remaining}`);
    const name = decodeGoString(r.buf, r.pos, r.pos + n);
    const nameOffset = r.offset;
    r.pos += n;
    let desc: Descriptor | undefined;
    if (!schemaless) {
      desc = st.registry.lookup(name);
      if (desc === undefined && !st.unregisteredSchemaless) {
        throw gobError('UNREGISTERED_NAME', `gob: name not registered for interface: ${JSON.stringify(name)}`, nameOffset);
      }
    }
    if (++st.depth > st.maxDepth) depthExceeded(st, r);
    const id = st.typeSequence(r, true);
    r.uint(); // the concrete value's byte count: Go never trusts it when decoding
    if (desc === undefined) desc = wireDescriptor(st, id);
    const value = topLevelDecoder(st, desc, id)(r);
    st.depth--;
    return new GoInterface(desc, value, name);
  };
}
