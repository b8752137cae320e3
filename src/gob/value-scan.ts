/**
 * Resumable scan of a value that continues over several messages (decoder.go
 * `decodeTypeSequence` inside `decodeInterface`: an interface's concrete type may be defined in
 * later messages, so one value can span many).
 *
 * Go's Decoder blocks on its reader until the next message arrives; ours is push-based and
 * cannot block, so a value that needs a message not yet received is retried later. Retrying the
 * full decode from the value's first message on every push is quadratic (16k messages: 14.6 s).
 * Instead, once a value has been found to span messages, this scanner walks it with an explicit
 * stack, suspends where it needs a message that has not arrived and resumes there: every byte
 * is scanned once. The Decoder runs the real decode only when the scan has reached the value's
 * end. Type definitions met on the way are defined at once (as Go does) and recognised, not
 * redefined, by the real decode.
 *
 * The scan checks structure only (field numbers, counts, lengths, type ids, depth); values are
 * checked by the real decode, which also reports the first error when the scan finds one.
 */
import { MAX_INTERFACE_NAME, T_BOOL, T_BYTES, T_COMPLEX, T_FLOAT, T_INT, T_INTERFACE, T_STRING, T_UINT } from './constants.js';
import { depthExceeded, wireOf } from './decode-state.js';
import type { DecodeState } from './decode-state.js';
import type { Reader } from './reader.js';
import type { WireField } from './wire-type.js';

const STRUCT = 0;
const SEQ = 1;
const MAP = 2;
const IFACE = 3;

interface Frame {
  kind: number;
  /** STRUCT: the wire fields. */
  fields: readonly WireField[];
  /** STRUCT: last field number read; SEQ/MAP: elements left. */
  n: number;
  /** SEQ: element type; MAP: key type. */
  a: number;
  /** MAP: element type. */
  b: number;
  /** MAP: true when the next item is a value (after its key). */
  half: boolean;
}

const NO_FIELDS: readonly WireField[] = [];

export class ValueScan {
  private readonly stack: Frame[] = [];

  constructor(
    private readonly st: DecodeState,
    /** Reads one type definition (decoder.go `recvType`) at the reader's position. */
    private readonly define: (id: number, r: Reader) => void,
  ) {}

  /** Starts at a top-level value of type `id` (the reader is just past the id). */
  begin(r: Reader, id: number): void {
    this.topLevel(r, id);
  }

  /**
   * Scans on. `next(r)` loads the next message into `r`, or returns false when it has not
   * arrived. Returns true at the value's end, false when suspended (call again with more input).
   * @throws GobError for structural corruption.
   */
  resume(r: Reader, next: (r: Reader) => boolean): boolean {
    const stack = this.stack;
    while (stack.length > 0) {
      const f = stack[stack.length - 1] as Frame;
      switch (f.kind) {
        case STRUCT: {
          const delta = r.uint();
          if (delta === 0) {
            stack.pop();
            break;
          }
          if (delta > f.fields.length - 1 - f.n) r.corrupt('gob: bad data: field numbers out of bounds');
          f.n += delta;
          this.value(r, (f.fields[f.n] as WireField).id);
          break;
        }
        case SEQ:
          if (f.n === 0) stack.pop();
          else {
            f.n--;
            this.value(r, f.a);
          }
          break;
        case MAP:
          if (f.n === 0) stack.pop();
          else if (!f.half) {
            f.half = true;
            this.value(r, f.a);
          } else {
            f.half = false;
            f.n--;
            this.value(r, f.b);
          }
          break;
        default: {
          // IFACE, after the name: definitions (possibly in later messages), then the concrete type id.
          let id: number;
          for (;;) {
            if (r.remaining === 0 && !next(r)) return false;
            id = r.int();
            if (id !== id) r.corrupt('gob: type id out of range');
            if (id >= 0) break;
            this.define(-id, r);
            if (r.remaining > 0) r.uint();
          }
          r.uint(); // the concrete value's byte count (not trusted, as when decoding)
          stack.pop();
          this.topLevel(r, id);
        }
      }
    }
    return true;
  }

  private push(r: Reader, kind: number, fields: readonly WireField[], n: number, a: number, b: number): void {
    if (this.stack.length >= this.st.maxDepth) depthExceeded(this.st, r);
    this.stack.push({ kind, fields, n, a, b, half: false });
  }

  private topLevel(r: Reader, id: number): void {
    const w = this.st.wire.get(id);
    if (w === undefined || w.kind !== 'struct') {
      if (r.uint() !== 0) r.corrupt('gob: decode: corrupted data: non-zero delta for singleton');
    }
    this.value(r, id);
  }

  /** Consumes a scalar or opens a frame for a composite value of type `id`. */
  private value(r: Reader, id: number): void {
    switch (id) {
      case T_BOOL:
      case T_INT:
      case T_UINT:
      case T_FLOAT:
        r.parts();
        return;
      case T_COMPLEX:
        r.parts();
        r.parts();
        return;
      case T_BYTES:
      case T_STRING:
        r.skip(r.length('[]uint8'));
        return;
      case T_INTERFACE: {
        const n = r.uint();
        if (n === 0) return;
        if (n > MAX_INTERFACE_NAME) r.corrupt(`gob: interface type name too long (${n} bytes)`);
        r.skip(n);
        this.push(r, IFACE, NO_FIELDS, 0, 0, 0);
        return;
      }
      default:
        break;
    }
    const w = wireOf(this.st, id);
    switch (w.kind) {
      case 'gobEncoder':
        r.skip(r.length('[]uint8'));
        return;
      case 'struct':
        this.push(r, STRUCT, w.fields, -1, 0, 0);
        return;
      case 'slice':
        this.push(r, SEQ, NO_FIELDS, r.count('slice length'), w.elem, 0);
        return;
      case 'array': {
        const n = r.count('array length');
        if (n !== w.len) r.corrupt(`gob: length mismatch in decodeArray (${n} elements, want ${w.len})`);
        this.push(r, SEQ, NO_FIELDS, n, w.elem, 0);
        return;
      }
      case 'map':
        this.push(r, MAP, NO_FIELDS, r.count('map length'), w.key, w.elem);
        return;
    }
  }
}
