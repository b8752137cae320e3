/**
 * Async iteration over a byte stream of gob values (the Go idiom `for { dec.Decode(&v) }`).
 */
import { Decoder, NEED_MORE } from './decoder.js';
import type { DecoderOptions } from './decoder-options.js';
import { gobError, GobError } from './errors.js';
import type { Descriptor, Infer } from './types.js';
import type { GobValue } from './value.js';

/**
 * Yields every value of a gob stream (a Node Readable or any async iterable of bytes): decoded
 * into `type` when given, schemaless ({@link GobValue}) otherwise. Ends with UNEXPECTED_EOF if
 * the input stops inside a message.
 * @throws GobError; a failure of the source is wrapped as GobError UNEXPECTED_EOF with `cause`.
 */
export function decodeStream<D extends Descriptor>(source: AsyncIterable<unknown>, type: D, options?: DecoderOptions): AsyncGenerator<Infer<D>>;
export function decodeStream(source: AsyncIterable<unknown>, type?: undefined, options?: DecoderOptions): AsyncGenerator<GobValue>;
export async function* decodeStream(source: AsyncIterable<unknown>, type?: Descriptor, options?: DecoderOptions): AsyncGenerator<unknown> {
  const dec = new Decoder(options);
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    let step: IteratorResult<unknown>;
    try {
      step = await iterator.next();
    } catch (err) {
      if (err instanceof GobError) throw err;
      throw gobError('UNEXPECTED_EOF', `gob: input stream failed: ${err instanceof Error ? err.message : String(err)}`, undefined, err);
    }
    if (step.done === true) break;
    const chunk = step.value;
    if (typeof chunk === 'string') dec.push(Buffer.from(chunk, 'latin1'));
    else if (chunk instanceof Uint8Array) dec.push(chunk);
    else throw gobError('UNSUPPORTED_VALUE', 'gob: decodeStream source yielded a non-byte chunk');
    for (;;) {
      const v = type === undefined ? dec.decodeValue() : dec.decode(type);
      if (v === NEED_MORE) break;
      yield v;
    }
  }
  dec.end();
}
