/**
 * Frame dispatch of a session: what hashicorp/yamux v0.1.2 `Session.recvLoop`,
 * `handleStreamMessage`, `incomingStream`, `handlePing` and `handleGoAway` do with each frame.
 *
 * Version and type are checked first; Data and WindowUpdate frames go to their stream (flags
 * before payload, as Go's `processFlags` runs before `readData`); Ping(SYN) is answered at once
 * (bounded by PingReplies); a refused SYN gets one RST (SessionCore.refuseStream); GoAway(normal)
 * stops new opens, any other code closes the session. Protocol violations are returned to the
 * session, which sends GoAway(protocol error).
 *
 * A Data or WindowUpdate frame for a stream we do not have (never opened, or closed or reset
 * already) is ignored, its flags included, and a Data payload is read and discarded, as Go's
 * `handleStreamMessage` does ("likely we sent a RST").
 *
 * Deviation from Go: a bad version or type also gets GoAway(protocol error) (Go just closes).
 * Deviation from Go: a SYN for stream id 0 or with our own id parity is a protocol error; Go
 * does not check and registers the stream, which lets the peer squat on an id we open later
 * (Go's OpenStream then silently replaces the map entry).
 */
import { Flag, FrameType, GoAwayCode, PROTO_VERSION } from './constants.js';
import { YamuxError } from './errors.js';
import type { FrameSink } from './frame-reader.js';
import { StreamCore, type StreamHost } from './stream-core.js';
import { StreamState } from './stream.js';
import { debug } from '../internal/debug.js';

const log = debug('yamux');

/** What the dispatcher needs of its session (SessionCore in session-core.ts implements it). */
export interface DispatchHost extends StreamHost {
  readonly isClient: boolean;
  readonly localGoAway: boolean;
  readonly streams: Map<number, StreamCore>;
  /** Receive-window growth granted by auto-tuning over all live streams. */
  readonly windowGrowth: number;
  /** Queues an inbound stream for accept(); false when the backlog is full. */
  enqueueIncoming(stream: StreamCore): boolean;
  /** Answers a refused SYN with one RST. */
  refuseStream(id: number): void;
  replyPing(id: number): void;
  pingAcked(id: number): void;
  remoteGoAway(): void;
  fail(err: YamuxError, sendGoAway: boolean): void;
}

export class Dispatcher implements FrameSink {
  /** Stream receiving the current Data payload (null: discard it). */
  private target: StreamCore | null = null;

  constructor(private readonly host: DispatchHost) {}

  onHeader(version: number, type: number, flags: number, streamId: number, length: number): number {
    if (version !== PROTO_VERSION) {
      return this.protocolError(new YamuxError('INVALID_VERSION', `invalid protocol version: ${version}`));
    }
    switch (type) {
      case FrameType.Data:
      case FrameType.WindowUpdate:
        return this.streamFrame(type, flags, streamId, length);
      case FrameType.Ping:
        this.ping(flags, length);
        return 0;
      case FrameType.GoAway:
        this.goAway(length);
        return 0;
      default:
        return this.protocolError(new YamuxError('INVALID_MSG_TYPE', `invalid msg type: ${type}`));
    }
  }

  onPayload(piece: Buffer, last: boolean): void {
    const s = this.target;
    if (s !== null) s.onPayload(piece);
    if (last) {
      this.target = null;
      if (s !== null) s.endOfFrame();
    }
  }

  /** Go `handleStreamMessage`. Returns the number of payload bytes that follow. */
  private streamFrame(type: number, flags: number, id: number, length: number): number {
    const host = this.host;
    if (flags & Flag.SYN) {
      const err = this.incomingStream(id);
      if (err !== undefined) return this.protocolError(err);
    }
    const stream = host.streams.get(id);
    const payload = type === FrameType.Data ? length : 0;
    if (stream === undefined) {
      // Go: "If we do not have a stream, likely we sent a RST" — drain a Data payload, ignore the rest.
      log('discarding frame type %d flags %d for missing stream %d (%d bytes)', type, flags, id, payload);
      this.target = null;
      return payload;
    }
    const flagErr = stream.processFlags(flags);
    if (flagErr !== undefined) return this.protocolError(flagErr);
    if (type === FrameType.WindowUpdate) {
      stream.addSendWindow(length);
      stream.endOfFrame();
      return 0;
    }
    if (length === 0) {
      stream.endOfFrame();
      return 0;
    }
    const ok = stream.beginData(length);
    if (ok instanceof YamuxError) return this.protocolError(ok);
    // Deliver (or, for a reset or already remote-closed stream, drain) the payload.
    this.target = stream;
    return length;
  }

  /** Go `incomingStream`. */
  private incomingStream(id: number): YamuxError | undefined {
    const host = this.host;
    const peerParity = host.isClient ? 0 : 1;
    if (id === 0 || id % 2 !== peerParity) {
      return new YamuxError('UNKNOWN_STREAM', `SYN for stream ${id}, which has the wrong parity for the peer`, { streamId: id });
    }
    if (host.localGoAway) {
      host.refuseStream(id);
      return undefined;
    }
    if (host.streams.has(id)) {
      return new YamuxError('DUPLICATE_STREAM', `duplicate stream declared: ${id}`, { streamId: id });
    }
    if ((host.streams.size + 1) * host.config.maxStreamWindowSize + host.windowGrowth > host.config.maxSessionBufferedBytes) {
      // Deviation from Go: the session-wide buffer cap (config maxSessionBufferedBytes); refused like a full backlog.
      log('maxSessionBufferedBytes reached (%d streams), forcing stream %d reset', host.streams.size, id);
      host.refuseStream(id);
      return undefined;
    }
    const stream = new StreamCore(host, id, StreamState.SYNReceived);
    host.streams.set(id, stream);
    if (!host.enqueueIncoming(stream)) {
      // Go sends exactly one RST here (incomingStream's sendNoWait) and forgets the stream.
      log('backlog exceeded, forcing stream %d reset', id);
      stream.dropRefused();
      host.refuseStream(id);
    }
    return undefined;
  }

  /** Go `handlePing`: answer SYN at once, resolve a matching ACK, ignore stray ACKs. */
  private ping(flags: number, id: number): void {
    if (flags & Flag.SYN) this.host.replyPing(id);
    else if (flags & Flag.ACK) this.host.pingAcked(id);
  }

  /** Go `handleGoAway`. */
  private goAway(code: number): void {
    if (code === GoAwayCode.Normal) {
      this.host.remoteGoAway();
      return;
    }
    const err =
      code === GoAwayCode.ProtocolError
        ? new YamuxError('REMOTE_PROTOCOL_ERROR', 'peer sent GoAway(protocol error)', { goAwayCode: code })
        : new YamuxError('REMOTE_INTERNAL_ERROR', code === GoAwayCode.InternalError ? 'peer sent GoAway(internal error)' : `peer sent GoAway with unknown code ${code}`, {
            goAwayCode: code,
          });
    this.host.fail(err, false);
  }

  private protocolError(err: YamuxError): number {
    this.host.fail(err, true);
    return 0;
  }
}
