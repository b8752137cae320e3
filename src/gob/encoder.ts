/**
 * gob Encoder: one per stream direction; sends each type definition once (Go encoder.go
 * `Encoder`, `EncodeValue`, `sendTypeDescriptor`, `writeMessage`; encode.go `encodeInterface`
 * with the message-split rule: a new concrete type inside an interface flushes the partial value
 * as a message, and definitions nested inside interfaces are written as count-prefixed chunks
 * inside the enclosing interface payload).
 */
import { concatBytes } from '../internal/bytes.js';
import { DEFAULT_MAX_MESSAGE_BYTES, FIRST_ENCODER_ID, FIRST_USER_ID } from './constants.js';
import { encoderFor } from './compile-encode.js';
import { checkTypeDepth, DEFAULT_MAX_ENCODE_DEPTH, encodeDepthExceeded } from './encode-depth.js';
import { baseOf, isNil, unwrapNamed } from './descriptor-rules.js';
import { gobError, GobError } from './errors.js';
import { goString } from './go-names.js';
import { defaultRegistry } from './registry.js';
import type { Registry } from './registry.js';
import { TypeTable } from './type-table.js';
import { GoInterface } from './types.js';
import type { Descriptor, Infer } from './types.js';
import type { GobValue } from './value.js';
import { collectUnknown, rewriterFor } from './unknown-encode.js';
import { unknownOf } from './unknown-fields.js';
import type { Rewriter } from './unknown-encode.js';
import { writeWireType } from './wire-type.js';
import type { WireType } from './wire-type.js';
import { Writer } from './writer.js';
import type { EncodeContext } from './writer.js';

/** Options of {@link Encoder}. */
export interface EncoderOptions {
  /** Names for interface values. Defaults to {@link defaultRegistry}. */
  readonly registry?: Registry;
  /** Largest message body produced, in bytes. Defaults to 64 MiB (Go: `tooBig`, 8 GiB). */
  readonly maxMessageBytes?: number;
  /**
   * First type id handed out: 64 like Go ≥ 1.21 (default), 65 like Go ≤ 1.20. Any value ≥ 64 is
   * valid on the wire; it only matters for byte-for-byte equality with a fresh Go process.
   */
  readonly firstTypeId?: number;
  /**
   * Deepest nesting of a value or of its type, in levels (struct, slice, array, map, interface;
   * pointers and names do not count). Default {@link DEFAULT_MAX_ENCODE_DEPTH} (1000), see
   * encode-depth.ts; deeper values and types throw GobError DEPTH_EXCEEDED.
   */
  readonly maxDepth?: number;
  /**
   * Send back the fields a Decoder preserved on decoded struct objects (`gob.unknownFields`),
   * in a struct definition that lists them beside the declared fields. Default true; false
   * drops them (and skips the one property check per struct object it costs).
   */
  readonly preserveUnknownFields?: boolean;
}

/** Thrown inside an encode attempt that met preserved fields: the Encoder retries with extended types. */
const RESTART = { restart: true };

interface Plan {
  readonly id: number;
  readonly enc: (w: Writer, v: unknown) => void;
  readonly singleton: boolean;
  readonly nilCheck: boolean;
  /** Values may contain interfaces (which can send definitions and split messages). */
  readonly interfaces: boolean;
}

/** True if values of `d` can contain an interface value (walks the descriptor graph once). */
export function mayHoldInterface(d: Descriptor, seen = new Set<Descriptor>()): boolean {
  if (seen.has(d)) return false;
  seen.add(d);
  switch (d.kind) {
    case 'interface':
      return true;
    case 'slice':
    case 'array':
    case 'ptr':
      return mayHoldInterface(d.elem, seen);
    case 'map':
      return mayHoldInterface(d.key, seen) || mayHoldInterface(d.elem, seen);
    case 'named':
      return mayHoldInterface(d.base, seen);
    case 'struct':
      return d.fields.some((f) => mayHoldInterface(f.type, seen));
    default:
      return false;
  }
}

const SLAB_BYTES = 64 * 1024;

export class Encoder {
  private readonly types: TypeTable;
  private readonly registry: Registry;
  private readonly maxMessageBytes: number;
  /** Handed to this Encoder's value writers: interface slots call back here (Go encoderState.enc). */
  private readonly context: EncodeContext;
  /** Types whose nesting is known to be within maxDepth. */
  private readonly depthChecked = new WeakSet<Descriptor>();
  /** Finished messages (type definitions, split-off parts) of the current encode call. */
  private readonly out = new Writer(256);
  /** The value message; a slab, so results can be views (never overwritten later). */
  private readonly msg: Writer;
  /** Writers that receive finished messages (encoder.go `enc.w` stack). */
  private readonly sinks: Writer[] = [];
  private readonly pool: Writer[] = [];
  /** Per descriptor: id and closure, once all of its static type definitions were sent. */
  private readonly plans = new Map<Descriptor, Plan>();
  /** The last interface-free type encoded and its plan (saves the Map lookup in a run of one type). */
  private lastType: Descriptor | null = null;
  private lastPlan: Plan | undefined;
  /** While encoding a value with preserved fields: the rewriter of its types (unknown-encode.ts). */
  private rewriter: Rewriter | null = null;

  constructor(options?: EncoderOptions) {
    this.registry = options?.registry ?? defaultRegistry;
    this.maxMessageBytes = options?.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const maxDepth = options?.maxDepth ?? DEFAULT_MAX_ENCODE_DEPTH;
    if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) throw gobError('INVALID_ARGUMENT', 'gob: Encoder maxDepth must be a positive integer');
    this.context = {
      encodeInterface: (w, v) => this.encodeInterface(w, v),
      depth: 0,
      maxDepth,
      tooDeep: () => encodeDepthExceeded(maxDepth, 'value'),
      preserveUnknownFields: options?.preserveUnknownFields ?? true,
      unknownFields: () => {
        if (this.rewriter === null) throw RESTART;
        throw gobError('UNSUPPORTED_VALUE', 'gob: an object with preserved fields was met where the value scan did not see it');
      },
    };
    this.msg = new Writer(SLAB_BYTES, { slab: true, allowExternal: true, context: this.context });
    const first = options?.firstTypeId ?? FIRST_ENCODER_ID;
    if (!Number.isSafeInteger(first) || first < FIRST_USER_ID || first > 0x7fffffff) {
      throw gobError('INVALID_DESCRIPTOR', `gob: firstTypeId must be an integer ≥ ${FIRST_USER_ID}`);
    }
    this.types = new TypeTable(first);
  }

  /**
   * Encodes one value: returns the bytes of all messages Go's `Encode(v)` writes (new type
   * definitions, then the value, possibly split across messages by interface values).
   * The result is a view into a slab the Encoder never writes again (slabs hold several
   * messages: up to 64 KiB, or 8 messages' worth for large ones, at most 8 MiB).
   * On error the Encoder is unchanged (no definitions are recorded as sent).
   * @throws GobError UNSUPPORTED_VALUE, OUT_OF_RANGE, UNREGISTERED_NAME, INVALID_DESCRIPTOR, TOO_BIG, DEPTH_EXCEEDED
   */
  encode<D extends Descriptor>(value: Infer<D>, type: D): Uint8Array {
    this.msg.allowExternal = false;
    const start = this.attempt(value, type);
    const msg = this.msg;
    if (this.out.pos === 0 && msg.ext.length === 0) return msg.view(start, msg.pos);
    const parts = this.out.pos === 0 ? msg.chunks(start) : [this.out.buf.subarray(0, this.out.pos), ...msg.chunks(start)];
    return concatBytes(parts);
  }

  /**
   * Like {@link encode} but returns the bytes as chunks to write in order (e.g. with `writev`):
   * `[]byte` values of 2 KiB or more are referenced, not copied — do not modify them until the
   * chunks are written.
   */
  encodeChunks<D extends Descriptor>(value: Infer<D>, type: D): Uint8Array[] {
    this.msg.allowExternal = true;
    const start = this.attempt(value, type);
    const chunks = this.msg.chunks(start);
    if (this.out.pos > 0) chunks.unshift(this.out.copy());
    return chunks;
  }

  /** Re-encodes a schemaless value with its own wire types (see `Decoder.decodeValue`). */
  encodeValue(value: GobValue): Uint8Array {
    return this.encode(value.value as never, value.type);
  }

  /**
   * The type-definition messages Go's `Encode` would send before a value of `type` and that
   * this Encoder has not sent yet (empty when none), recorded as sent: for callers that keep
   * definitions apart from the value (see message-pair.ts). On error nothing is recorded.
   * @throws GobError INVALID_DESCRIPTOR, DEPTH_EXCEEDED
   */
  encodeDefinitions(type: Descriptor): Uint8Array {
    this.types.begin();
    this.sinks.length = 0;
    this.sinks.push(this.out);
    this.out.reset();
    const b = this.pool.pop() ?? new Writer(64);
    b.beginMessage();
    try {
      this.sendTypeDescriptor(b, type);
      return this.out.copy();
    } catch (err) {
      this.types.rollback();
      throw asGobError(err);
    } finally {
      this.out.reset();
      this.pool.push(b);
    }
  }

  /**
   * {@link run}, and when the value holds objects with preserved fields, again with its type
   * extended by them (unknown-encode.ts): the first attempt then left nothing behind.
   */
  private attempt(value: unknown, type: Descriptor): number {
    // A top-level object with preserved fields (the "decode, change, send back" case) needs no first attempt.
    if (!this.context.preserveUnknownFields || unknownOf(value) === undefined) {
      try {
        return this.run(value, type);
      } catch (err) {
        if (err !== RESTART) throw err;
      }
    }
    try {
      const use = collectUnknown(value, type, this.registry, this.context.maxDepth);
      this.rewriter = rewriterFor(type, use);
      return this.run(value, this.rewriter.rewrite(type));
    } catch (err) {
      throw asGobError(err);
    } finally {
      this.rewriter = null;
    }
  }

  /** Encodes into `msg` (and definitions into `out`); returns where the framed value message starts. */
  private run(value: unknown, type: Descriptor): number {
    this.context.depth = 0;
    const fast = type === this.lastType ? this.lastPlan : this.plans.get(type);
    if (fast !== undefined && !fast.interfaces) {
      this.lastType = type;
      this.lastPlan = fast;
      // All definitions sent and no interface reachable: nothing can be sent or rolled back.
      const msg = this.msg;
      msg.beginMessage();
      if (this.out.pos !== 0) this.out.reset();
      try {
        if (fast.nilCheck && isNil(value)) throw gobError('UNSUPPORTED_VALUE', `gob: cannot encode nil value of type ${goString(type)}`);
        msg.int(fast.id);
        if (fast.singleton) msg.byte(0);
        fast.enc(msg, value);
        return msg.frameMessage(this.maxMessageBytes);
      } catch (err) {
        msg.beginMessage();
        throw err === RESTART ? err : asGobError(err);
      }
    }
    this.types.begin();
    if (this.sinks.length !== 1) {
      this.sinks.length = 0;
      this.sinks.push(this.out);
    }
    if (this.out.pos !== 0) this.out.reset();
    const msg = this.msg;
    msg.beginMessage();
    try {
      const plan = this.plans.get(type);
      if (plan !== undefined) {
        if (plan.nilCheck && isNil(value)) throw gobError('UNSUPPORTED_VALUE', `gob: cannot encode nil value of type ${goString(type)}`);
        msg.int(plan.id);
        if (plan.singleton) msg.byte(0);
        plan.enc(msg, value);
      } else {
        if (isNil(value) && type.kind === 'ptr') throw gobError('UNSUPPORTED_VALUE', `gob: cannot encode nil pointer of type ${goString(type)}`);
        checkTypeDepth(type, this.context.maxDepth, this.depthChecked);
        this.sendTypeDescriptor(msg, type);
        const id = this.types.idOf(type);
        msg.int(id);
        this.encodeTop(msg, value, type);
        const base = baseOf(type);
        const singleton = unwrapNamed(base).kind !== 'struct';
        this.plans.set(type, { id, enc: encoderFor(base), singleton, nilCheck: !singleton || type.kind === 'ptr', interfaces: mayHoldInterface(type) });
      }
      return msg.frameMessage(this.maxMessageBytes);
    } catch (err) {
      this.types.rollback();
      msg.beginMessage();
      if (err === RESTART) throw err; // no plan was added: nothing else to undo
      this.plans.clear();
      this.lastType = null;
      this.lastPlan = undefined;
      throw asGobError(err);
    } finally {
      this.out.shrink(1 << 20);
    }
  }

  /** Top-level value: a struct directly, anything else as a singleton (`00` then the value). */
  private encodeTop(w: Writer, value: unknown, type: Descriptor): void {
    const base = baseOf(type);
    if (unwrapNamed(base).kind !== 'struct') w.byte(0);
    else if (isNil(value)) throw gobError('UNSUPPORTED_VALUE', `gob: cannot encode nil value of type ${goString(type)}`);
    encoderFor(base)(w, value);
  }

  private writeMessage(sink: Writer, b: Writer): void {
    b.materialize();
    const start = b.frameMessage(this.maxMessageBytes);
    sink.raw(b.buf.subarray(start, b.pos));
    b.beginMessage();
  }

  /** encoder.go `sendTypeDescriptor`: definitions go through `b` and are flushed as messages to the current sink. */
  private sendTypeDescriptor(b: Writer, type: Descriptor): void {
    this.types.send(type, (id: number, wire: WireType) => {
      b.int(-id);
      writeWireType(b, wire);
      this.writeMessage(this.sinks[this.sinks.length - 1] as Writer, b);
    });
  }

  private encodeInterface(b: Writer, v: unknown): void {
    if (isNil(v)) {
      b.byte(0);
      return;
    }
    if (!(v instanceof GoInterface)) {
      throw gobError('UNSUPPORTED_VALUE', 'gob: interface values must be GoInterface (gob.iface(type, value)) or null');
    }
    let type = v.type;
    let name = v.name;
    if (type === null) {
      if (name === null) throw gobError('UNSUPPORTED_VALUE', 'gob: GoInterface without type or name');
      const found = this.registry.lookup(name);
      if (found === undefined) throw gobError('UNREGISTERED_NAME', `gob: name not registered for interface: ${JSON.stringify(name)}`);
      type = found;
    }
    if (name === null) {
      const found = this.registry.nameOf(type);
      if (found === undefined) throw gobError('UNREGISTERED_NAME', `gob: type not registered for interface: ${goString(type)}`);
      name = found;
    }
    if (name === '') throw gobError('UNSUPPORTED_VALUE', 'gob: empty interface type name (reserved for nil)');
    if (this.rewriter !== null) type = this.rewriter.rewrite(type);
    if (isNil(v.value) && type.kind === 'ptr') {
      throw gobError('UNSUPPORTED_VALUE', `gob: gob: cannot encode nil pointer of type ${goString(type)} inside interface`);
    }
    const cx = this.context;
    if (++cx.depth > cx.maxDepth) cx.tooDeep();
    checkTypeDepth(type, cx.maxDepth, this.depthChecked);
    b.string(name);
    this.sendTypeDescriptor(b, type);
    b.int(this.types.idOf(type));
    this.sinks.push(b);
    const data = this.pool.pop() ?? new Writer(64, { context: this.context });
    data.beginMessage();
    try {
      this.encodeTop(data, v.value, type);
    } finally {
      this.sinks.pop();
    }
    this.writeMessage(b, data);
    data.shrink(1 << 20);
    this.pool.push(data);
    cx.depth--;
  }
}

/** Converts anything thrown while encoding/decoding into a GobError. */
export function asGobError(err: unknown): GobError {
  if (err instanceof GobError) return err;
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return gobError('DEPTH_EXCEEDED', 'gob: value nesting too deep (cyclic value or recursion beyond the JS stack)', undefined, err);
  }
  return gobError('UNSUPPORTED_VALUE', `gob: ${err instanceof Error ? err.message : String(err)}`, undefined, err);
}
