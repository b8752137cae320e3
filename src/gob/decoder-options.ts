/**
 * The options of gob's Decoder (decoder.ts), their defaults and their checks: the
 * limits that bound what a peer can make a Decoder hold, and how values map to JS.
 */
import { gobError } from './errors.js';
import type { Registry } from './registry.js';

/** Options of gob `Decoder`. */
export interface DecoderOptions {
  /** Names of concrete types inside interface values. Defaults to `defaultRegistry`. */
  readonly registry?: Registry;
  /**
   * Largest accepted message body in bytes; larger counts fail with TOO_BIG before any
   * allocation. Defaults to 64 MiB. Deviation from Go: Go's limit (`tooBig`) is 8 GiB.
   */
  readonly maxMessageBytes?: number;
  /**
   * Maximum nesting of types being compiled and of values being decoded or skipped. Defaults to
   * `DEFAULT_MAX_DEPTH` (2000: what Node's default JS stack holds with a 2x margin; Go's
   * `maxIgnoreNestingDepth` is 10000). Deeper input fails with DEPTH_EXCEEDED (so does input
   * that would exhaust the JS stack first, if this is raised without raising the stack size).
   */
  readonly maxDepth?: number;
  /** Return `[]byte` values as views into the received chunks instead of copies. Default false. */
  readonly zeroCopy?: boolean;
  /**
   * Keep the wire fields a struct descriptor does not declare on the decoded object (see
   * `gob.unknownFields`), so that encoding the object again sends them back. Default true: a
   * partial descriptor is then lossless in "decode, change a field, send back" code; it costs
   * nothing for fields the descriptor declares, and for undeclared fields a decode (instead of
   * a skip) and one hidden property per object. Deviation from Go: Go drops undeclared fields.
   */
  readonly preserveUnknownFields?: boolean;
  /**
   * What an interface value whose concrete type name is not in the registry decodes to:
   * `'error'` (default, Go's behaviour: UNREGISTERED_NAME "gob: name not registered for
   * interface") or `'schemaless'`: a `GoInterface` keeping the wire name, whose value and
   * descriptor come from the stream's own type definitions (as `decodeValue` does), so encoding
   * it again writes the same name and value.
   */
  readonly unregisteredInterfaces?: 'error' | 'schemaless';
  /**
   * Most type definitions the peer may send on this stream; one more fails with the sticky
   * GobError LIMIT_EXCEEDED. Defaults to {@link DEFAULT_MAX_TYPES} (100,000). Deviation from
   * Go: Go's Decoder keeps every definition a peer sends, without limit (each costs memory
   * for the definition and for the decoders compiled from it).
   */
  readonly maxTypes?: number;
}

/** Default {@link DecoderOptions.maxTypes}: far above any real Go program's type count. */
export const DEFAULT_MAX_TYPES = 100_000;

/** Checks {@link DecoderOptions.unregisteredInterfaces}: true for `'schemaless'`. */
export function unregisteredMode(v: unknown): boolean {
  if (v === undefined || v === 'error') return false;
  if (v === 'schemaless') return true;
  throw gobError('INVALID_ARGUMENT', `gob: Decoder option unregisteredInterfaces must be 'error' or 'schemaless', got ${String(v)}`);
}
