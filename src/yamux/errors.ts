/**
 * YamuxError: the only error class thrown or emitted by go-netrpc/yamux.
 *
 * Codes mirror the sentinel errors of hashicorp/yamux v0.1.2 const.go (`ErrSessionShutdown` →
 * SESSION_SHUTDOWN, `ErrStreamsExhausted` → STREAMS_EXHAUSTED, `ErrConnectionReset` →
 * STREAM_RESET, `ErrRemoteGoAway` → REMOTE_GO_AWAY, `ErrRecvWindowExceeded`,
 * `ErrDuplicateStream`, `ErrUnexpectedFlag`, `ErrInvalidVersion`, `ErrInvalidMsgType`,
 * `ErrKeepAliveTimeout`, `ErrConnectionWriteTimeout`, `ErrTimeout`) plus a few that Go reports
 * as plain strings (remote GoAway codes, stream open timeout, transport EOF).
 */
import { GoNetrpcError } from '../internal/errors.js';
import type { GoAwayCode } from './constants.js';

/**
 * Every code a go-netrpc/yamux error can carry, with its meaning: `YamuxErrorCode.X` is the text of `X`, and
 * the type YamuxErrorCode is the union of the keys. Documented in README.md (Errors).
 */
export const YamuxErrorCode = {
  SESSION_SHUTDOWN: 'The session is closed (yamux `ErrSessionShutdown`).',
  STREAMS_EXHAUSTED: 'No stream ids left (yamux `ErrStreamsExhausted`).',
  STREAM_RESET: 'The peer reset the stream with RST (yamux `ErrConnectionReset`).',
  STREAM_CLOSED: 'Write after the local side was closed (yamux `ErrStreamClosed`).',
  REMOTE_GO_AWAY: 'The peer sent GoAway(normal): it accepts no new streams (yamux `ErrRemoteGoAway`).',
  REMOTE_PROTOCOL_ERROR: 'The peer sent GoAway(protocol error).',
  REMOTE_INTERNAL_ERROR: 'The peer sent GoAway(internal error) or an unknown GoAway code.',
  INVALID_VERSION: 'Frame with a version byte other than 0 (yamux `ErrInvalidVersion`).',
  INVALID_MSG_TYPE: 'Frame type outside 0..3 (yamux `ErrInvalidMsgType`).',
  RECV_WINDOW_EXCEEDED: 'Peer sent more Data than our receive window allows (yamux `ErrRecvWindowExceeded`).',
  DUPLICATE_STREAM: 'SYN for a stream id that is already open (yamux `ErrDuplicateStream`).',
  UNEXPECTED_FLAG: 'A FIN on a stream that was already remote-closed (yamux `ErrUnexpectedFlag`).',
  UNKNOWN_STREAM: 'A SYN for stream id 0 or with the wrong id parity (Go does not check; see session-dispatch.ts).',
  KEEPALIVE_TIMEOUT: 'No Ping ACK within connectionWriteTimeoutMs during keepalive (yamux `ErrKeepAliveTimeout`).',
  CONNECTION_WRITE_TIMEOUT: 'The transport could not take bytes for connectionWriteTimeoutMs (yamux `ErrConnectionWriteTimeout`).',
  STREAM_OPEN_TIMEOUT: 'A stream we opened (and had not closed) was not ACKed within streamOpenTimeoutMs; Go closes the session too.',
  STREAM_CLOSE_TIMEOUT: 'The peer never sent its FIN within streamCloseTimeoutMs of ours; the stream was reset.',
  TIMEOUT: 'A ping was not answered in time (yamux `ErrTimeout`).',
  CONNECTION_CLOSED: 'The underlying connection ended (EOF) or failed.',
  ABORTED: 'An operation was cancelled through its AbortSignal.',
  INVALID_CONFIG: 'A configuration value is invalid (yamux `VerifyConfig`).',
  INVALID_ARGUMENT: 'An argument of a public call is not what it must be (e.g. the connection is not a Duplex).',
} as const;

/** A stable error code of go-netrpc/yamux (a key of the YamuxErrorCode table). */
export type YamuxErrorCode = keyof typeof YamuxErrorCode;

/** Options of {@link YamuxError}. */
export interface YamuxErrorOptions {
  readonly cause?: unknown;
  /** The GoAway code sent to (or received from) the peer, when the error is a session teardown by GoAway. */
  readonly goAwayCode?: GoAwayCode | number | undefined;
  /** The stream the error concerns, if any. */
  readonly streamId?: number | undefined;
}

/** Error class of go-netrpc/yamux; see {@link YamuxErrorCode} for the codes. */
export class YamuxError extends GoNetrpcError<YamuxErrorCode> {
  /** GoAway code sent or received, when relevant. */
  readonly goAwayCode: number | undefined;
  /** Stream id the error concerns, when relevant. */
  readonly streamId: number | undefined;

  constructor(code: YamuxErrorCode, message: string, options?: YamuxErrorOptions) {
    super(code, `yamux: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.goAwayCode = options?.goAwayCode;
    this.streamId = options?.streamId;
  }
}

/** Codes for which the session must send GoAway(protocol error) before closing (Go's recvLoop paths). */
export const PROTOCOL_ERROR_CODES: ReadonlySet<YamuxErrorCode> = new Set<YamuxErrorCode>([
  'INVALID_VERSION',
  'INVALID_MSG_TYPE',
  'RECV_WINDOW_EXCEEDED',
  'DUPLICATE_STREAM',
  'UNEXPECTED_FLAG',
  'UNKNOWN_STREAM',
]);
