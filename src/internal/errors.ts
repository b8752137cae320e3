/**
 * Base error class shared by every module (GobError, YamuxError, RpcError, PluginError).
 *
 * Each module subclasses {@link GoNetrpcError} with its own stable, SCREAMING_SNAKE `code`
 * strings. Errors carry `cause` when they wrap another failure, and a `Symbol.for` brand so
 * that `instanceof` keeps working when two copies of the package are installed (the undici
 * pattern). Errors are always freshly constructed with context, never shared singletons.
 */

const BRAND = Symbol.for('go-netrpc.error');

/** Options accepted by every go-netrpc error constructor. */
export interface GoNetrpcErrorOptions {
  /** The underlying failure, if any. */
  readonly cause?: unknown;
}

/** Base class of all errors thrown by go-netrpc. */
export class GoNetrpcError<Code extends string = string> extends Error {
  /** Stable machine-readable code, e.g. `CORRUPT` or `SESSION_SHUTDOWN`. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: GoNetrpcErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  override get name(): string {
    return this.constructor.name;
  }

  /** True for any go-netrpc error, even from another copy of the package. */
  static isGoNetrpcError(value: unknown): value is GoNetrpcError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Turns an unknown thrown value into a short human-readable description. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
