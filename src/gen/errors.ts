/**
 * GenError: every failure of `go-netrpc gen` (no Go toolchain, the Go helper does not build,
 * the Go packages do not load or type-check, a selector matches nothing, bad options).
 */
import { GoNetrpcError } from '../internal/errors.js';

/** Stable codes of {@link GenError}. */
export type GenErrorCode =
  /** `go` is not on PATH (or not runnable). */
  | 'GO_NOT_FOUND'
  /** The Go helper (gen-helper/, shipped as source) failed to build with the local Go. */
  | 'HELPER_BUILD_FAILED'
  /** The Go packages failed to load or type-check, or a selector matched nothing. */
  | 'GO_LOAD_FAILED'
  /** The helper's output was not the model src/gen expects (helper and package out of sync). */
  | 'BAD_MODEL'
  /** Invalid options or command-line arguments. */
  | 'BAD_OPTIONS'
  /** The caller's AbortSignal fired. */
  | 'ABORTED';

/** The error class of `go-netrpc gen` and its programmatic API. */
export class GenError extends GoNetrpcError<GenErrorCode> {}
