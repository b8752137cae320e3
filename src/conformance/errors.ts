/**
 * ConformanceError: the error class of the conformance kit (bad arguments, an IUT that cannot be
 * started or reached). A case that fails is a verdict, never an exception.
 */
import { GoNetrpcError, type GoNetrpcErrorOptions } from '../internal/errors.js';

/** Stable codes of {@link ConformanceError}. */
export type ConformanceErrorCode =
  /** A command-line argument is missing or malformed. */
  | 'USAGE'
  /** The implementation under test could not be started, reached or identified. */
  | 'IUT_UNAVAILABLE'
  /** Writing a report file failed. */
  | 'REPORT_FAILED';

export class ConformanceError extends GoNetrpcError<ConformanceErrorCode> {
  constructor(code: ConformanceErrorCode, message: string, options?: GoNetrpcErrorOptions) {
    super(code, message, options);
  }
}
