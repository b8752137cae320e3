/**
 * Schema-driven msgpack decoding of one complete value (ugorji `codec.NewDecoderBytes(b,
 * h).Decode(&v)`): the descriptor's compiled decoder (compile-decode.ts) run over the input,
 * which must hold exactly one value. Accepts either ugorji dialect.
 */
import { compileDecoder } from './compile-decode.js';
import { DEFAULT_MAX_DEPTH } from './encoder.js';
import { MsgpackError } from './errors.js';
import { Reader } from './reader.js';
import type { MsgpackType } from './schema.js';

/** Options of decoding. */
export interface DecoderOptions {
  /** Deepest nesting accepted (Go ugorji `MaxDepth` default 1024). */
  readonly maxDepth?: number;
}

/**
 * Decodes exactly one value of Go type `type` from `bytes`.
 * @throws MsgpackError on malformed input, a type mismatch, or trailing bytes.
 */
export function decode(type: MsgpackType, bytes: Uint8Array, options: DecoderOptions = {}): unknown {
  if (!(bytes instanceof Uint8Array)) throw new MsgpackError('INVALID_ARGUMENT', 'decode needs a Uint8Array');
  const dec = compileDecoder(type);
  const r = new Reader(bytes, 0, bytes.length, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  const v = dec(r);
  if (r.pos !== bytes.length) throw new MsgpackError('CORRUPT', `${bytes.length - r.pos} trailing bytes after the value`, { offset: r.pos });
  return v;
}
