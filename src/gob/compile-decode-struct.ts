/**
 * Compiles the decoder of one struct type (Go decode.go `compileDec`, `decodeStruct`): matches
 * the remote fields to the local ones by name, compiles a decoder per matched field, skips the
 * unmatched ones or keeps them (unknown-fields.ts), and generates the struct's decode loop
 * (struct-codegen.ts). compile-decode.ts compiles everything else and passes itself in as `sub`.
 */
import { depthExceeded, isBuiltinId, wireOf } from './decode-state.js';
import type { DecFn, DecodeState } from './decode-state.js';
import { precisionLoss, rethrowFieldMismatch, structMismatch } from './decode-errors.js';
import { zeroValue } from './descriptor-rules.js';
import { gobError } from './errors.js';
import { goString } from './go-names.js';
import { skipperFor } from './skip.js';
import { genStructDecoder } from './struct-codegen.js';
import type { WireFieldPlan } from './struct-codegen.js';
import { findField, setPath, zeroLiteral } from './struct-fields.js';
import type { Descriptor, FieldDescriptor, StructDescriptor } from './types.js';
import { keepField, unknownInfo, type UnknownFieldInfo } from './unknown-fields.js';
import { wireDescriptor } from './wire-descriptor.js';

/** Compiles (or finds) the decoder of remote type `remoteId` into `local`, `depth` levels down. */
export type SubDecoder = (st: DecodeState, local: Descriptor, remoteId: number, depth: number, name: string) => DecFn;

/**
 * The decoder of remote struct type `remoteId` into local struct `l`; `sub` compiles (or finds)
 * the decoder of each field's type (compile-decode.ts `decoderFor`).
 */
export function structDecoder(st: DecodeState, l: StructDescriptor<unknown>, local: Descriptor, remoteId: number, depth: number, sub: SubDecoder): DecFn {
  const w = isBuiltinId(remoteId) ? undefined : wireOf(st, remoteId);
  if (w === undefined || w.kind !== 'struct') structMismatch(`gob: type mismatch in decoder: want struct type ${goString(local)}; got non-struct`);
  const sparse = (l as { sparse?: boolean }).sparse === true;
  const nf = w.fields.length;
  const plans: WireFieldPlan[] = [];
  const preserve = st.preserveUnknownFields && !sparse;
  const kept: FieldDescriptor[] = [];
  const keptIds: number[] = [];
  let matched = 0;
  for (const wf of w.fields) {
    if (wf.name === '') throw gobError('CORRUPT', `gob: empty name for remote field of type ${w.name}`);
    const found = findField(l, wf.name);
    if (found === undefined) {
      // Compiled even when the field is kept: its checks (nesting depth) fail first, as Go's ignore ops do.
      const skip = skipperFor(st, wf.id, depth + 1);
      if (preserve) {
        // Decoded with the stream's own type, so that it can be sent back unchanged.
        const type = wireDescriptor(st, wf.id);
        plans.push({ key: null, path: null, type: null, fn: sub(st, type, wf.id, depth + 1, wf.name), keep: kept.length });
        kept.push({ name: wf.name, type, embedded: false });
        keptIds.push(wf.id);
      } else {
        plans.push({ key: null, path: null, type: null, fn: skip });
      }
      continue;
    }
    let fn: DecFn;
    try {
      fn = sub(st, found.type, wf.id, depth + 1, wf.name);
    } catch (err) {
      rethrowFieldMismatch(err, found.type, w.name, wf.name);
    }
    matched++;
    plans.push({
      key: found.path.length === 1 ? (found.path[0] as string) : null,
      path: found.path.length === 1 ? null : found.path,
      type: found.type,
      fn,
    });
  }
  if (matched === 0 && l.fields.length > 0 && nf > 0) {
    structMismatch(`gob: type mismatch: no fields matched compiling decoder for ${l.name || goString(l)}`);
  }
  const localFields = l.fields;
  const zeroLiterals = localFields.map((f) => zeroLiteral(f.type));
  const zeroFactories = localFields.map((f, i) => (zeroLiterals[i] === null ? () => zeroValue(f.type) : null));
  return genStructDecoder(plans, localFields, zeroFactories, zeroLiterals, sparse, {
    state: st,
    deep: (r) => depthExceeded(st, r),
    outOfBounds: (r) => r.corrupt('gob: bad data: field numbers out of bounds'),
    precision: (r, name) => precisionLoss(r, name, l),
    setPath,
    ...(kept.length === 0 ? {} : { keep: keeper(unknownInfo(l, wireDescriptor(st, remoteId) as StructDescriptor<unknown>, keptIds)) }),
  });
}

function keeper(info: UnknownFieldInfo): (o: object, i: number, v: unknown) => void {
  return (o, i, v) => keepField(o, info, i, v);
}
