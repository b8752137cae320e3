/**
 * The `wireType` struct that describes a type on the wire (Go type.go `wireType`,
 * `arrayType`, `sliceType`, `structType`, `fieldType`, `mapType`, `gobEncoderType`,
 * `CommonType`), encoded and decoded by hand with gob's struct rules (field deltas, zero
 * fields omitted, `00` terminator).
 */
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

export interface WireField {
  readonly name: string;
  readonly id: number;
}

/** A decoded or locally built type definition. `name`/`id` are CommonType's (informational). */
export type WireType =
  | { readonly kind: 'array'; readonly name: string; readonly id: number; readonly elem: number; readonly len: number }
  | { readonly kind: 'slice'; readonly name: string; readonly id: number; readonly elem: number }
  | { readonly kind: 'struct'; readonly name: string; readonly id: number; readonly fields: readonly WireField[] }
  | { readonly kind: 'map'; readonly name: string; readonly id: number; readonly key: number; readonly elem: number }
  | { readonly kind: 'gobEncoder'; readonly name: string; readonly id: number; readonly wire: 'gob' | 'binary' | 'text' };

const WIRE_DELTA = { array: 1, slice: 2, struct: 3, map: 4 } as const;
const ENCODER_DELTA = { gob: 5, binary: 6, text: 7 } as const;

function writeCommon(w: Writer, name: string, id: number): void {
  w.uint(1); // field 0 of the inner type: CommonType (never omitted: it is a struct)
  if (name !== '') {
    w.uint(1);
    w.string(name);
    w.uint(1);
  } else {
    w.uint(2);
  }
  w.int(id);
  w.uint(0);
}

/** Writes the wireType value (everything after `int(-id)` in a definition message). */
export function writeWireType(w: Writer, t: WireType): void {
  switch (t.kind) {
    case 'array':
      w.uint(WIRE_DELTA.array);
      writeCommon(w, t.name, t.id);
      w.uint(1);
      w.int(t.elem);
      if (t.len !== 0) {
        w.uint(1);
        w.int(t.len);
      }
      break;
    case 'slice':
      w.uint(WIRE_DELTA.slice);
      writeCommon(w, t.name, t.id);
      w.uint(1);
      w.int(t.elem);
      break;
    case 'struct':
      w.uint(WIRE_DELTA.struct);
      writeCommon(w, t.name, t.id);
      if (t.fields.length > 0) {
        w.uint(1);
        w.uint(t.fields.length);
        for (const f of t.fields) {
          if (f.name !== '') {
            w.uint(1);
            w.string(f.name);
            w.uint(1);
          } else {
            w.uint(2);
          }
          w.int(f.id);
          w.uint(0);
        }
      }
      break;
    case 'map':
      w.uint(WIRE_DELTA.map);
      writeCommon(w, t.name, t.id);
      w.uint(1);
      w.int(t.key);
      w.uint(1);
      w.int(t.elem);
      break;
    case 'gobEncoder':
      w.uint(ENCODER_DELTA[t.wire]);
      writeCommon(w, t.name, t.id);
      break;
  }
  w.uint(0); // end of the inner struct
  w.uint(0); // end of wireType
}

/** Reads a struct's fields with gob's delta rules, calling `field(i)` for each present field. */
function readStruct(r: Reader, numFields: number, what: string, field: (i: number) => void): void {
  let n = -1;
  for (;;) {
    const delta = r.uint();
    if (delta === 0) return;
    if (delta > numFields - 1 - n) r.corrupt(`gob: bad data: field numbers out of bounds in ${what}`);
    n += delta;
    field(n);
  }
}

function readId(r: Reader, what: string): number {
  const id = r.int();
  if (!Number.isSafeInteger(id) || id < 0 || id > 0x7fffffff) r.corrupt(`gob: bad type id in ${what}`);
  return id;
}

function readCommon(r: Reader, into: { name: string; id: number }): void {
  readStruct(r, 2, 'CommonType', (i) => {
    if (i === 0) into.name = r.string();
    else into.id = readId(r, 'CommonType');
  });
}

/** Reads a wireType value (the body of a type definition after its id). */
export function readWireType(r: Reader): WireType {
  const common = { name: '', id: 0 };
  let result: WireType | undefined;
  readStruct(r, 7, 'wireType', (i) => {
    if (result !== undefined) r.corrupt('gob: bad data: type definition sets more than one kind');
    switch (i) {
      case 0: {
        let elem = 0;
        let len = 0;
        readStruct(r, 3, 'arrayType', (j) => {
          if (j === 0) readCommon(r, common);
          else if (j === 1) elem = readId(r, 'arrayType');
          else {
            len = r.int();
            if (!Number.isSafeInteger(len) || len < 0) r.corrupt('gob: bad data: negative or huge array length');
          }
        });
        result = { kind: 'array', name: common.name, id: common.id, elem, len };
        break;
      }
      case 1: {
        let elem = 0;
        readStruct(r, 2, 'sliceType', (j) => {
          if (j === 0) readCommon(r, common);
          else elem = readId(r, 'sliceType');
        });
        result = { kind: 'slice', name: common.name, id: common.id, elem };
        break;
      }
      case 2: {
        const fields: WireField[] = [];
        readStruct(r, 2, 'structType', (j) => {
          if (j === 0) {
            readCommon(r, common);
            return;
          }
          const count = r.count('field count');
          if (count > r.remaining) r.corrupt(`gob: decoding array or slice: length exceeds input size (${count} elements)`);
          for (let k = 0; k < count; k++) {
            const f = { name: '', id: 0 };
            readStruct(r, 2, 'fieldType', (m) => {
              if (m === 0) f.name = r.string();
              else f.id = readId(r, 'fieldType');
            });
            fields.push(f);
          }
        });
        result = { kind: 'struct', name: common.name, id: common.id, fields };
        break;
      }
      case 3: {
        let key = 0;
        let elem = 0;
        readStruct(r, 3, 'mapType', (j) => {
          if (j === 0) readCommon(r, common);
          else if (j === 1) key = readId(r, 'mapType');
          else elem = readId(r, 'mapType');
        });
        result = { kind: 'map', name: common.name, id: common.id, key, elem };
        break;
      }
      default: {
        readStruct(r, 1, 'gobEncoderType', () => readCommon(r, common));
        result = { kind: 'gobEncoder', name: common.name, id: common.id, wire: i === 4 ? 'gob' : i === 5 ? 'binary' : 'text' };
      }
    }
  });
  if (result === undefined) r.corrupt('gob: bad data: empty type definition');
  return result;
}
