/**
 * TraceError: the error class of `go-netrpc trace` (src/trace). Decode failures inside a traced
 * session never throw out of the relay; they become transcript events carrying these codes.
 */
import { GoNetrpcError, type GoNetrpcErrorOptions } from '../internal/errors.js';

/** Stable codes of {@link TraceError}. */
export type TraceErrorCode =
  /** Bad command-line arguments. */
  | 'USAGE'
  /** A direction of a traced connection is not yamux (reported in the transcript, relay goes on). */
  | 'FRAME_INVALID'
  /** A capture file (`trace read`) is not a capture or is damaged. */
  | 'CAPTURE_INVALID'
  /** A capture file was written in a format version this go-netrpc does not read. */
  | 'CAPTURE_VERSION'
  /** A capture or transcript file cannot be opened, read or written. */
  | 'IO_FAILED';

/** Error raised (or reported in the transcript) by go-netrpc trace. */
export class TraceError extends GoNetrpcError<TraceErrorCode> {
  constructor(code: TraceErrorCode, message: string, options?: GoNetrpcErrorOptions) {
    super(code, message, options);
  }
}
