/**
 * Compiles one encode closure per descriptor (Go encode.go `encOpFor`, `compileEnc`,
 * `encodeStruct`, `encodeArray`, `encodeMap`, `encIndirect`; the zero-value omission rules of
 * `encOpFor`/`isZero` for struct fields: -0.0 dropped, empty non-nil maps sent, arrays and
 * nested structs never omitted, GobEncoders omitted when their value is zero).
 *
 * Closures are cached per descriptor object and hold no Encoder state: interface slots call the
 * Encoder that owns the writer (for names, type definitions and the message-split rule) through
 * the writer's {@link EncodeContext}, as Go's encoderState carries its Encoder.
 */
import { gobError } from './errors.js';
import { goString } from './go-names.js';
import { I64_MAX, I64_MIN, INT_MAX, INT_MIN, isByteSlice, isNil, U64_MAX, UINT_MAX, unwrapNamed, zeroValue } from './descriptor-rules.js';
import { genStructEncoder } from './struct-codegen.js';
import type { Descriptor } from './types.js';
import { PreservingStruct, unknownOf } from './unknown-fields.js';
import type { EncodeContext, Writer } from './writer.js';

/** Encodes one value (sendZero semantics: the value is written even when zero). */
export type EncFn = (w: Writer, v: unknown) => void;
/** True when a struct field holding `v` is omitted (Go's zero-value rule for the field kind). */
export type ZeroFn = (v: unknown) => boolean;

const encCache = new WeakMap<Descriptor, EncFn>();

function bad(d: Descriptor, v: unknown, why = ''): never {
  const shown = typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : Object.prototype.toString.call(v);
  throw gobError('UNSUPPORTED_VALUE', `gob: cannot encode ${shown} as ${goString(d)}${why === '' ? '' : ': ' + why}`);
}

function outOfRange(d: Descriptor, v: unknown): never {
  throw gobError('OUT_OF_RANGE', `gob: value ${String(v)} out of range for ${goString(d)}`);
}

/** Zero-omission predicate for a struct field of type `d`. */
export function zeroFn(d: Descriptor): ZeroFn {
  const u = unwrapNamed(d);
  switch (u.kind) {
    case 'bool':
      return (v) => v === false || isNil(v);
    case 'int':
    case 'uint':
      return (v) => v === 0 || v === 0n || isNil(v);
    case 'float':
      return (v) => v === 0 || isNil(v);
    case 'complex':
      return (v) => isNil(v) || ((v as { real: number }).real === 0 && (v as { imag: number }).imag === 0);
    case 'string':
    case 'bytes':
    case 'slice':
      return (v) => isNil(v) || (v as { length: number }).length === 0;
    case 'ptr': {
      let inner: ZeroFn | undefined;
      return (v) => isNil(v) || (inner ??= zeroFn(u.elem))(v);
    }
    case 'gobEncoder': {
      const z = u.hooks.isZero;
      return z === undefined ? (v) => isNil(v) : (v) => isNil(v) || z.call(u.hooks, v);
    }
    default:
      // map (nil only), interface (nil), array and struct (never, unless absent)
      return (v) => isNil(v);
  }
}

/** The encode closure for descriptor `d` (cached). */
export function encoderFor(d: Descriptor): EncFn {
  const cached = encCache.get(d);
  if (cached !== undefined) return cached;
  // Forwarding stub first, so recursive types compile.
  const box: { impl?: EncFn } = {};
  const stub: EncFn = (w, v) => (box.impl as EncFn)(w, v);
  encCache.set(d, stub);
  let impl: EncFn;
  try {
    impl = build(d);
  } catch (err) {
    encCache.delete(d);
    throw err;
  }
  box.impl = impl;
  encCache.set(d, impl);
  return impl;
}

function build(d: Descriptor): EncFn {
  switch (d.kind) {
    case 'bool':
      return (w, v) => {
        if (v === true) w.byte(1);
        else if (v === false) w.byte(0);
        else bad(d, v);
      };
    case 'int': {
      if (d.bits === 64) {
        return (w, v) => {
          if (typeof v === 'number') {
            if (!Number.isSafeInteger(v)) bad(d, v, 'not a safe integer (use a bigint)');
            w.int(v);
          } else if (typeof v === 'bigint') {
            if (v < I64_MIN || v > I64_MAX) outOfRange(d, v);
            w.intBig(v);
          } else bad(d, v);
        };
      }
      const min = INT_MIN[d.bits] as number;
      const max = INT_MAX[d.bits] as number;
      return (w, v) => {
        let n = v;
        if (typeof n === 'bigint') n = Number(n);
        if (typeof n !== 'number' || !Number.isInteger(n)) bad(d, v);
        if (n < min || n > max) outOfRange(d, v);
        w.int(n);
      };
    }
    case 'uint': {
      if (d.bits === 64) {
        return (w, v) => {
          if (typeof v === 'number') {
            if (!Number.isSafeInteger(v)) bad(d, v, 'not a safe integer (use a bigint)');
            if (v < 0) outOfRange(d, v);
            w.uint(v);
          } else if (typeof v === 'bigint') {
            if (v < 0n || v > U64_MAX) outOfRange(d, v);
            w.uintBig(v);
          } else bad(d, v);
        };
      }
      const max = UINT_MAX[d.bits] as number;
      return (w, v) => {
        let n = v;
        if (typeof n === 'bigint') n = Number(n);
        if (typeof n !== 'number' || !Number.isInteger(n)) bad(d, v);
        if (n < 0 || n > max) outOfRange(d, v);
        w.uint(n);
      };
    }
    case 'float':
      if (d.goName === 'float32') {
        return (w, v) => {
          if (typeof v !== 'number') bad(d, v);
          const f = Math.fround(v);
          if (f !== v && Number.isFinite(v) && !Number.isFinite(f)) outOfRange(d, v);
          w.float(f);
        };
      }
      return (w, v) => {
        if (typeof v !== 'number') bad(d, v);
        w.float(v);
      };
    case 'complex': {
      const f32 = d.goName === 'complex64';
      return (w, v) => {
        if (v === null || typeof v !== 'object') bad(d, v);
        const { real, imag } = v as { real: unknown; imag: unknown };
        if (typeof real !== 'number' || typeof imag !== 'number') bad(d, v);
        w.float(f32 ? Math.fround(real) : real);
        w.float(f32 ? Math.fround(imag) : imag);
      };
    }
    case 'string':
      return (w, v) => {
        if (typeof v !== 'string') bad(d, v);
        w.string(v);
      };
    case 'bytes':
      return (w, v) => {
        if (v instanceof Uint8Array) w.bytes(v);
        else if (isNil(v)) w.byte(0);
        else bad(d, v);
      };
    case 'interface':
      return (w, v) => {
        const cx: EncodeContext | null = w.context;
        if (cx === null) throw gobError('UNSUPPORTED_VALUE', 'gob: interface encoding outside an Encoder');
        cx.encodeInterface(w, v);
      };
    case 'named':
      return encoderFor(d.base);
    case 'ptr': {
      const inner = encoderFor(d.elem);
      return (w, v) => {
        if (isNil(v)) throw gobError('UNSUPPORTED_VALUE', `gob: encodeReflectValue: nil element (${goString(d)})`);
        inner(w, v);
      };
    }
    case 'slice': {
      const elem = d.elem;
      let enc: EncFn | undefined;
      if (isByteSlice(d)) {
        // Go []uint8 travels as gob bytes (a Uint8Array or an array of byte numbers).
        return (w, v) => {
          if (v instanceof Uint8Array) w.bytes(v);
          else if (isNil(v)) w.byte(0);
          else if (Array.isArray(v)) {
            const b = new Uint8Array(v.length);
            for (let i = 0; i < v.length; i++) {
              const x: unknown = v[i];
              if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 255) outOfRange(d, x);
              b[i] = x;
            }
            w.bytes(b);
          } else bad(d, v);
        };
      }
      if (unwrapNamed(elem).kind === 'string') {
        return (w, v) => {
          if (isNil(v)) {
            w.byte(0);
            return;
          }
          if (!Array.isArray(v)) bad(d, v);
          if (!w.asciiStrings(v)) {
            enc ??= encoderFor(elem);
            w.uint(v.length);
            for (let i = 0; i < v.length; i++) enc(w, v[i]);
          }
        };
      }
      return (w, v) => {
        if (isNil(v)) {
          w.byte(0);
          return;
        }
        if (!Array.isArray(v)) bad(d, v);
        const cx = w.context;
        if (cx !== null && ++cx.depth > cx.maxDepth) cx.tooDeep();
        enc ??= encoderFor(elem);
        const n = v.length;
        w.uint(n);
        for (let i = 0; i < n; i++) {
          const e: unknown = v[i];
          if (isNil(e) && elem.kind === 'ptr') throw gobError('UNSUPPORTED_VALUE', 'gob: encodeArray: nil element');
          enc(w, e);
        }
        if (cx !== null) cx.depth--;
      };
    }
    case 'array': {
      const elem = d.elem;
      const len = d.len;
      let enc: EncFn | undefined;
      let zero: unknown;
      return (w, v) => {
        const cx = w.context;
        if (cx !== null && ++cx.depth > cx.maxDepth) cx.tooDeep();
        enc ??= encoderFor(elem);
        w.uint(len);
        if (isNil(v)) {
          zero ??= zeroValue(elem);
          for (let i = 0; i < len; i++) enc(w, zero);
        } else {
          if (!Array.isArray(v)) bad(d, v);
          if (v.length !== len) bad(d, v, `array length ${v.length}, want ${len}`);
          for (let i = 0; i < len; i++) {
            const e: unknown = v[i];
            if (isNil(e) && elem.kind === 'ptr') throw gobError('UNSUPPORTED_VALUE', 'gob: encodeArray: nil element');
            enc(w, e);
          }
        }
        if (cx !== null) cx.depth--;
      };
    }
    case 'map': {
      let ke: EncFn | undefined;
      let ve: EncFn | undefined;
      return (w, v) => {
        if (isNil(v)) {
          w.byte(0);
          return;
        }
        if (!(v instanceof Map)) bad(d, v, 'want a Map');
        const cx = w.context;
        if (cx !== null && ++cx.depth > cx.maxDepth) cx.tooDeep();
        const kf = (ke ??= encoderFor(d.key));
        const vf = (ve ??= encoderFor(d.elem));
        w.uint(v.size);
        const kp = d.key.kind === 'ptr';
        const vp = d.elem.kind === 'ptr';
        (v as Map<unknown, unknown>).forEach((val, k) => {
          if ((kp && isNil(k)) || (vp && isNil(val))) throw gobError('UNSUPPORTED_VALUE', 'gob: encodeReflectValue: nil element');
          kf(w, k);
          vf(w, val);
        });
        if (cx !== null) cx.depth--;
      };
    }
    case 'struct':
      return structEncoder(d);
    case 'gobEncoder': {
      const h = d.hooks;
      return (w, v) => {
        let out: Uint8Array;
        try {
          out = h.encode(v);
        } catch (err) {
          if (err instanceof Error && err.name === 'GobError') throw err;
          throw gobError('UNSUPPORTED_VALUE', `gob: ${goString(d)} marshal failed: ${err instanceof Error ? err.message : String(err)}`, undefined, err);
        }
        if (!(out instanceof Uint8Array)) bad(d, out, 'marshal hook did not return a Uint8Array');
        w.bytes(out);
      };
    }
  }
}

function structEncoder(d: Descriptor & { kind: 'struct' }): EncFn {
  if (d instanceof PreservingStruct) return preservingStructEncoder(d);
  const fields = d.fields;
  return genStructEncoder(
    fields,
    fields.map((f) => encoderFor(f.type)),
    fields.map((f) => zeroFn(f.type)),
    (v) => bad(d, v, 'want an object'),
  );
}

/**
 * A declared struct extended with preserved fields (unknown-encode.ts): declared fields are read
 * from the object, preserved ones from its `UnknownFields`; zero rules as for any field.
 */
function preservingStructEncoder(d: PreservingStruct): EncFn {
  const fields = d.fields;
  const n = fields.length;
  const names = fields.map((f) => f.name);
  const preserved = fields.map((f) => d.preserved.has(f.name));
  const zeros = fields.map((f) => zeroFn(f.type));
  /** Per unknown-field info: the index of each field's value in its UnknownFields (-1: none). */
  const slotsByInfo = new Map<object, Int32Array>();
  let encs: EncFn[] | undefined;
  return (w, v) => {
    if (v === null || typeof v !== 'object') {
      if (v === undefined) {
        w.byte(0);
        return;
      }
      bad(d, v, 'want an object');
    }
    const cx = w.context;
    if (cx !== null && ++cx.depth > cx.maxDepth) cx.tooDeep();
    encs ??= fields.map((f) => encoderFor(f.type));
    const u = unknownOf(v);
    let slots: Int32Array | undefined;
    if (u !== undefined) {
      slots = slotsByInfo.get(u.info);
      if (slots === undefined) {
        if (!d.infos.has(u.info)) bad(d, v, 'its preserved fields changed while it was being encoded');
        const info = u.info;
        slots = Int32Array.from(names, (name, i) => (preserved[i] ? (info.index.get(name) ?? -1) : -1));
        slotsByInfo.set(info, slots);
      }
    }
    const o = v as Record<string, unknown>;
    let last = -1;
    for (let i = 0; i < n; i++) {
      let f: unknown;
      if (!preserved[i]) f = o[names[i] as string];
      else if (u !== undefined) {
        const j = (slots as Int32Array)[i] as number;
        f = j < 0 ? undefined : u.values[j];
      }
      if (!(zeros[i] as ZeroFn)(f)) {
        w.uint(i - last);
        last = i;
        (encs[i] as EncFn)(w, f);
      }
    }
    if (cx !== null) cx.depth--;
    w.byte(0);
  };
}
