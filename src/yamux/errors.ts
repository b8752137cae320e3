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

/** Stable codes of {@link YamuxError}. */
export type YamuxErrorCode =
  /** The session is closed (yamux `ErrSessionShutdown`). */
  | 'SESSION_SHUTDOWN'
  /** No stream ids left (yamux `ErrStreamsExhausted`). */
  | 'STREAMS_EXHAUSTED'
  /** The peer reset the stream with RST (yamux `ErrConnectionReset`). */
  | 'STREAM_RESET'
  /** Write after the local side was closed (yamux `ErrStreamClosed`). */
  | 'STREAM_CLOSED'
  /** The peer sent GoAway(normal): it accepts no new streams (yamux `ErrRemoteGoAway`). */
  | 'REMOTE_GO_AWAY'
  /** The peer sent GoAway(protocol error). */
  | 'REMOTE_PROTOCOL_ERROR'
  /** The peer sent GoAway(internal error) or an unknown GoAway code. */
  | 'REMOTE_INTERNAL_ERROR'
  /** Frame with a version byte other than 0 (yamux `ErrInvalidVersion`). */
  | 'INVALID_VERSION'
  /** Frame type outside 0..3 (yamux `ErrInvalidMsgType`). */
  | 'INVALID_MSG_TYPE'
  /** Peer sent more Data than our receive window allows (yamux `ErrRecvWindowExceeded`). */
  | 'RECV_WINDOW_EXCEEDED'
  /** SYN for a stream id that is already open (yamux `ErrDuplicateStream`). */
  | 'DUPLICATE_STREAM'
  /** A FIN on a stream that was already remote-closed (yamux `ErrUnexpectedFlag`). */
  | 'UNEXPECTED_FLAG'
  /** A frame for a stream id that was never opened, or a SYN with the wrong id parity. */
  | 'UNKNOWN_STREAM'
  /** No Ping ACK within connectionWriteTimeoutMs during keepalive (yamux `ErrKeepAliveTimeout`). */
  | 'KEEPALIVE_TIMEOUT'
  /** The transport could not take bytes for connectionWriteTimeoutMs (yamux `ErrConnectionWriteTimeout`). */
  | 'CONNECTION_WRITE_TIMEOUT'
  /** An opened stream was not ACKed within streamOpenTimeoutMs; Go closes the session too. */
  | 'STREAM_OPEN_TIMEOUT'
  /** The peer never sent its FIN within streamCloseTimeoutMs of ours; the stream was reset. */
  | 'STREAM_CLOSE_TIMEOUT'
  /** A ping was not answered in time (yamux `ErrTimeout`). */
  | 'TIMEOUT'
  /** The underlying connection ended (EOF) or failed. */
  | 'CONNECTION_CLOSED'
  /** An operation was cancelled through its AbortSignal. */
  | 'ABORTED'
  /** A configuration value is invalid (yamux `VerifyConfig`). */
  | 'INVALID_CONFIG'
  /** An argument of a public call is not what it must be (e.g. the connection is not a Duplex). */
  | 'INVALID_ARGUMENT';

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
