/**
 * Schema-driven msgpack encoder, byte-identical to ugorji's `codec.Encoder` with Packer's
 * `MsgpackHandle{WriteExt: true}` in either dialect (ugorji msgpack.go `msgpackEncDriver`,
 * encode.go). The descriptor says which Go type a value has; the dialect rules (dialect.ts) say
 * how that Go type is written; compile-encode.ts turns both into one function per type, once.
 */
import { compileEncoder, encoderCache, type Enc } from './compile-encode.js';
import { DEFAULT_DIALECT, dialectRules, type DialectRules, type MsgpackDialect } from './dialect.js';
import { MsgpackError } from './errors.js';
import * as M from './markers.js';
import type { MsgpackType } from './schema.js';
import { Writer } from './writer.js';

export { zeroOf } from './zero.js';

/** Default bound on value nesting (ugorji's decoder default `MaxDepth`, 1024). */
export const DEFAULT_MAX_DEPTH = 1024;

/** Options of {@link MsgpackEncoder}. */
export interface EncoderOptions {
  /** Wire dialect (default `ugorji-1.2`). */
  readonly dialect?: MsgpackDialect;
  /** Deepest nesting of values accepted (default 1024; catches cyclic JS values). */
  readonly maxDepth?: number;
}

/** Encodes values of Go types to msgpack bytes. Reusable; not re-entrant. */
export class MsgpackEncoder {
  readonly dialect: MsgpackDialect;
  readonly #rules: DialectRules;
  readonly #w: Writer;
  readonly #encoders: WeakMap<MsgpackType, Enc>;
  /** The last top-level type and its encoder (most callers encode one type over and over). */
  #lastType: MsgpackType | undefined;
  #lastEnc: Enc | undefined;

  constructor(options: EncoderOptions = {}) {
    const dialect = options.dialect ?? DEFAULT_DIALECT;
    const rules = dialectRules(dialect);
    if (rules === undefined) throw new MsgpackError('INVALID_ARGUMENT', `unknown dialect ${JSON.stringify(dialect)}`);
    this.dialect = dialect;
    this.#rules = rules;
    this.#encoders = encoderCache(rules);
    this.#w = new Writer(options.maxDepth ?? DEFAULT_MAX_DEPTH);
  }

  /**
   * The msgpack bytes of `value` as Go type `type`: a view into a slab the encoder never writes
   * again (a retained result keeps its 64 KiB slab alive). Throws MsgpackError, leaving the
   * encoder usable.
   */
  encode(type: MsgpackType, value: unknown): Uint8Array {
    const w = this.#w;
    try {
      this.#top(type, value);
    } catch (err) {
      throw this.#failed(err);
    }
    return w.take();
  }

  /** Encodes several values back to back into one buffer (e.g. an rpc header and body). */
  encodeAll(items: readonly (readonly [MsgpackType, unknown])[]): Uint8Array {
    const w = this.#w;
    try {
      for (const [t, v] of items) this.#top(t, v);
    } catch (err) {
      throw this.#failed(err);
    }
    return w.take();
  }

  /** One value passed to Go's `Encode` itself. */
  #top(t: MsgpackType, v: unknown): void {
    let enc = t === this.#lastType ? this.#lastEnc : undefined;
    if (enc === undefined) {
      enc = this.#topEncoder(t);
      this.#lastType = t;
      this.#lastEnc = enc;
    }
    enc(this.#w, v, 0);
  }

  #topEncoder(t: MsgpackType): Enc {
    const enc = this.#encoders.get(t) ?? compileEncoder(t, this.#rules);
    // The 2015 codec's type switch writes a nil []byte given to Encode as an empty bin.
    if (t.kind === 'bytes' && this.#rules.nilBytesAsEmptyBin) return (w, v, depth) => (v === null || v === undefined ? w.u8u8(M.BIN8, 0) : enc(w, v, depth));
    return enc;
  }

  #failed(err: unknown): MsgpackError {
    this.#w.discard();
    if (err instanceof MsgpackError) return err;
    return new MsgpackError('UNSUPPORTED_VALUE', String(err), { cause: err });
  }
}

const defaultEncoders = new Map<MsgpackDialect, MsgpackEncoder>();

/** One-shot encode of `value` as Go type `type` in `dialect` (default `ugorji-1.2`). */
export function encode(type: MsgpackType, value: unknown, dialect: MsgpackDialect = DEFAULT_DIALECT): Uint8Array {
  let e = defaultEncoders.get(dialect);
  if (e === undefined) {
    e = new MsgpackEncoder({ dialect });
    defaultEncoders.set(dialect, e);
  }
  return e.encode(type, value);
}
