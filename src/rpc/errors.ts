/**
 * RpcError: the only error class thrown by go-netrpc/rpc, with stable codes that map Go
 * net/rpc's failure kinds (Go `rpc.ServerError`, `rpc.ErrShutdown`, `io.ErrUnexpectedEOF`,
 * the server's `rpc: …` strings) onto SCREAMING_SNAKE codes. Messages keep Go's exact text
 * where Go has one, so logs read the same on both sides.
 */
import { GoNetrpcError, describeError, type GoNetrpcErrorOptions } from '../internal/errors.js';

/**
 * Every code a go-netrpc/rpc error can carry, with its meaning: `RpcErrorCode.X` is the text of `X`, and
 * the type RpcErrorCode is the union of the keys. Documented in README.md (Errors).
 */
export const RpcErrorCode = {
  SERVER_ERROR: 'The remote method returned an error (Go `rpc.ServerError`); message is Go\'s text verbatim.',
  SHUTDOWN: 'The client is shut down or closing (Go `rpc.ErrShutdown`, "connection is shut down").',
  UNEXPECTED_EOF: 'The connection ended while the call was pending (Go `io.ErrUnexpectedEOF`).',
  CONNECTION_ERROR: 'The transport failed (socket error, write after close); `cause` holds the transport error.',
  ENCODE_FAILED: 'The call\'s arguments could not be encoded; nothing was written and the client stays usable.',
  DECODE_FAILED: 'A response could not be decoded (Go: "reading body …"); the client shuts down, as in Go.',
  ABORTED: 'The call\'s AbortSignal fired before the reply arrived.',
  TIMEOUT: 'The call\'s `timeoutMs` elapsed before the reply arrived.',
  HTTP_CONNECT_FAILED: 'The HTTP CONNECT handshake failed (Go `DialHTTP`: "unexpected HTTP response: …").',
  INVALID_SERVICE: 'A service definition or registration is invalid (Go `rpc.Register` errors).',
  DUPLICATE_SERVICE: 'A service with this name is already registered (Go "rpc: service already defined: X").',
  INVALID_ARGUMENT: 'An argument or option passed to the API is invalid.',
} as const;

/** A stable error code of go-netrpc/rpc (a key of the RpcErrorCode table). */
export type RpcErrorCode = keyof typeof RpcErrorCode;

/** Options of an {@link RpcError}. */
export interface RpcErrorOptions extends GoNetrpcErrorOptions {
  /** "Service.Method" of the call the error belongs to, when there is one. */
  readonly serviceMethod?: string;
}

/** Error thrown by every public entry point of go-netrpc/rpc. */
export class RpcError extends GoNetrpcError<RpcErrorCode> {
  /** "Service.Method" of the failed call, if the error belongs to one. */
  readonly serviceMethod: string | undefined;

  constructor(code: RpcErrorCode, message: string, options?: RpcErrorOptions) {
    super(code, message, options);
    this.serviceMethod = options?.serviceMethod;
  }
}

/** Go `rpc.ErrShutdown` text. */
export const errShutdownText = 'connection is shut down';

/** A fresh `SHUTDOWN` error (Go `rpc.ErrShutdown`). */
export function shutdownError(serviceMethod?: string, cause?: unknown): RpcError {
  return new RpcError('SHUTDOWN', errShutdownText, {
    ...(serviceMethod === undefined ? {} : { serviceMethod }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Wraps any thrown value as an RpcError of `code`, keeping an RpcError as is. */
export function toRpcError(err: unknown, code: RpcErrorCode, prefix = ''): RpcError {
  if (err instanceof RpcError) return err;
  return new RpcError(code, prefix + describeError(err), { cause: err });
}

/** Re-labels an error for one call: a fresh RpcError with the call's serviceMethod. */
export function forCall(err: RpcError, serviceMethod: string, messagePrefix = ''): RpcError {
  return new RpcError(err.code, messagePrefix + err.message, {
    serviceMethod,
    ...(err.cause === undefined ? {} : { cause: err.cause }),
  });
}
