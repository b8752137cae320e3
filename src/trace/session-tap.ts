/**
 * Decodes a copy of one host⇄plugin connection (go-plugin rpc_client.go / rpc_server.go /
 * mux_broker.go): yamux frames per direction, streams labelled (the host's first three streams
 * are control 1, plugin stdout 3 and stderr 5; every later stream starts with the opener's
 * 4-byte little-endian MuxBroker id and the acceptor's echo), then net/rpc messages on control
 * and brokered streams (the opener is the rpc client), each reply paired with its call.
 * Streams that are not net/rpc are labelled raw and only counted. A Packer session (packer/rpc,
 * codec 'packer') has no control/stdout/stderr streams: every stream is brokered, the host's
 * first one is broker id 0, and net/rpc runs over msgpack (msgpack-rpc-tap.ts).
 */
import { Flag, FrameType, GoAwayCode, type FrameHeader } from '../yamux/index.js';
import type { GoNetrpcError } from '../internal/errors.js';
import type { TapCodec } from './capture-format.js';
import type { TraceEvent, Side } from './events.js';
import { FrameTap } from './frame-tap.js';
import { toJson } from './render.js';
import { MsgpackRpcTap } from './msgpack-rpc-tap.js';
import { PingWatch } from './ping-watch.js';
import type { RpcMessage } from './rpc-pairing.js';
import { RpcTap, type MessageTap } from './rpc-tap.js';
import type { MethodStats } from './stats.js';

/** Limits of one traced connection. */
export interface SessionTapOptions {
  /** Calls waiting for a reply that are remembered (default 100 000); older ones are dropped. */
  readonly maxPendingCalls?: number;
  /** Streams tracked at once (default 10 000); further streams are relayed but not decoded. */
  readonly maxStreams?: number;
  /** Largest gob message decoded (default: gob's). */
  readonly maxMessageBytes?: number;
  /** How long a yamux keepalive ping may go unanswered before it is reported (default Go's 10 s). */
  readonly keepaliveTimeoutMs?: number;
  /** go-plugin (gob, control/stdout/stderr streams) or Packer (msgpack, broker id 0 first); default go-plugin. */
  readonly codec?: TapCodec;
}

const GOAWAY_TEXT: Record<number, string> = { [GoAwayCode.Normal]: 'normal', [GoAwayCode.ProtocolError]: 'protocol error', [GoAwayCode.InternalError]: 'internal error' };

interface StreamState {
  readonly id: number;
  readonly opener: Side;
  label: string;
  /** Bytes of the broker-id preamble still expected from [opener, acceptor]. */
  preamble: [Uint8Array, Uint8Array];
  preambleHave: [number, number];
  rpc: [MessageTap, MessageTap] | undefined;
  line: string;
  /** FIN seen from opener (1) and acceptor (2). */
  fin: number;
  /** When the stream was opened (a broker dial nobody accepts is reported with its wait). */
  readonly openedAt: number;
}

interface Pending {
  readonly method: string;
  readonly t: number;
  readonly bytes: number;
}

/** Unanswered calls listed by name in the summary (the rest are only counted). */
export const MAX_LISTED = 20;

const other = (s: Side): Side => (s === 'host' ? 'plugin' : 'host');

/** Decoder for both directions of one connection. */
export class SessionTap {
  private readonly streams = new Map<number, StreamState>();
  private readonly pending = new Map<string, Pending>();
  private hostOpened = 0;
  private readonly pings: PingWatch;
  private readonly maxPending: number;
  private readonly maxStreams: number;
  /** Calls still unanswered when streams ended. */
  unanswered = 0;
  /** The first {@link MAX_LISTED} of them, as `s7 #0 Plugin.Crash`. */
  readonly unansweredCalls: string[] = [];
  readonly fromHost: FrameTap;
  readonly fromPlugin: FrameTap;

  constructor(
    private readonly conn: number,
    private readonly emit: (e: TraceEvent) => void,
    private readonly now: () => number,
    private readonly stats: MethodStats,
    private readonly options: SessionTapOptions = {},
  ) {
    this.maxPending = options.maxPendingCalls ?? 100_000;
    this.maxStreams = options.maxStreams ?? 10_000;
    this.pings = new PingWatch((t, from, what) => this.emit({ kind: 'frame', t, conn: this.conn, from, what }), options.keepaliveTimeoutMs);
    this.fromHost = this.frameTap('host');
    this.fromPlugin = this.frameTap('plugin');
  }

  private frameTap(from: Side): FrameTap {
    return new FrameTap({
      frame: (h) => this.onFrame(from, h),
      data: (id, bytes) => this.onData(from, id, bytes),
      failed: (err) => this.emit({ kind: 'decode-error', t: this.now(), conn: this.conn, stream: null, from, code: err.code, message: err.message }),
    });
  }

  private onFrame(from: Side, h: FrameHeader): void {
    const t = this.now();
    if (h.type === FrameType.GoAway) {
      this.emit({ kind: 'frame', t, conn: this.conn, from, what: `GoAway (${GOAWAY_TEXT[h.length] ?? `code ${h.length}`})` });
      return;
    }
    if (h.type === FrameType.Ping) {
      this.pings.frame(t, from, h);
      return;
    }
    if (h.flags & Flag.SYN && !this.streams.has(h.streamId)) this.open(from, h.streamId);
    if (h.flags & (Flag.RST | Flag.FIN)) this.unaccepted(t, from, h.streamId, h.flags & Flag.RST ? 'RST' : 'FIN');
    if (h.flags & Flag.RST) {
      this.emit({ kind: 'frame', t, conn: this.conn, from, what: `RST stream ${h.streamId} (${this.streams.get(h.streamId)?.label ?? 'unknown'})` });
      this.close(h.streamId);
    } else if (h.flags & Flag.FIN) {
      const s = this.streams.get(h.streamId);
      if (s !== undefined) {
        s.fin |= from === s.opener ? 1 : 2;
        if (s.fin === 3) this.close(h.streamId);
        else if (s.line !== '') this.flushLine(s);
      }
    }
  }

  /**
   * The acceptor closed a brokered stream before echoing its id: nobody called Accept for that
   * id (go-plugin mux_broker.go `timeoutWait` closes such a stream after 5 s; the dialer's
   * `Dial` then fails reading the ack, e.g. with EOF).
   */
  private unaccepted(t: number, from: Side, id: number, how: 'FIN' | 'RST'): void {
    const s = this.streams.get(id);
    if (s === undefined || from === s.opener || s.preamble[0].length !== 4 || s.preambleHave[0] < 4 || s.preambleHave[1] === 4) return;
    const brokerId = Buffer.from(s.preamble[0]).readUInt32LE(0);
    const waited = (t - s.openedAt).toFixed(0);
    this.emit({
      kind: 'frame',
      t,
      conn: this.conn,
      from,
      what:
        `${how} on ${s.label} after ${waited} ms without accepting it: nothing on the ${from} side called Accept(${brokerId}) within go-plugin's 5 s, ` +
        `so its broker closed the stream and the ${s.opener}'s Dial(${brokerId}) fails with ${how === 'FIN' ? 'EOF' : '"stream reset"'} ` +
        `(does the ${s.opener} dial the id the ${from} accepts, and does the ${from} accept it in time?)`,
    });
  }

  private open(by: Side, id: number): void {
    if (this.streams.size >= this.maxStreams) return;
    let label: string;
    if (by === 'host' && this.hostOpened < 3 && this.options.codec !== 'packer') label = ['control', 'plugin stdout', 'plugin stderr'][this.hostOpened] as string;
    else label = 'broker stream';
    if (by === 'host') this.hostOpened++;
    const brokered = label === 'broker stream';
    const s: StreamState = {
      id,
      opener: by,
      label,
      preamble: brokered ? [new Uint8Array(4), new Uint8Array(4)] : [new Uint8Array(0), new Uint8Array(0)],
      preambleHave: [0, 0],
      rpc: label === 'control' ? this.rpcTaps(id, by) : undefined,
      line: '',
      fin: 0,
      openedAt: this.now(),
    };
    this.streams.set(id, s);
    if (!brokered) this.emit({ kind: 'stream', t: this.now(), conn: this.conn, stream: id, by, label });
  }

  private rpcTaps(id: number, client: Side): [MessageTap, MessageTap] {
    const opts = this.options.maxMessageBytes === undefined ? {} : { maxMessageBytes: this.options.maxMessageBytes };
    const Tap = this.options.codec === 'packer' ? MsgpackRpcTap : RpcTap;
    const sink = (from: Side, response: boolean) => ({
      message: (m: RpcMessage) => (response ? this.reply(id, from, m) : this.call(id, from, m)),
      notRpc: (reason: string) => this.markRaw(id, reason),
      decodeError: (err: GoNetrpcError, fatal: boolean) =>
        this.emit({ kind: 'decode-error', t: this.now(), conn: this.conn, stream: id, from, code: err.code, message: fatal ? `${err.message}; rest of the stream not decoded` : err.message }),
    });
    return [new Tap(sink(client, false), false, opts), new Tap(sink(other(client), true), true, opts)];
  }

  private markRaw(id: number, reason: string): void {
    const s = this.streams.get(id);
    if (s === undefined || s.rpc === undefined) return;
    s.label = `raw ${s.label}`;
    s.rpc = undefined;
    this.emit({ kind: 'stream', t: this.now(), conn: this.conn, stream: id, by: s.opener, label: `${s.label}: raw bytes, not net/rpc (${reason})` });
  }

  private onData(from: Side, id: number, bytes: Uint8Array): void {
    const s = this.streams.get(id);
    if (s === undefined) return;
    const dir = from === s.opener ? 0 : 1;
    let b = bytes;
    const pre = s.preamble[dir];
    if (s.preambleHave[dir] < pre.length) {
      const n = Math.min(pre.length - s.preambleHave[dir], b.length);
      pre.set(b.subarray(0, n), s.preambleHave[dir]);
      s.preambleHave[dir] += n;
      b = b.subarray(n);
      if (dir === 0 && s.preambleHave[0] === 4) {
        const brokerId = Buffer.from(pre).readUInt32LE(0);
        s.label = `MuxBroker id ${brokerId}`;
        s.rpc = this.rpcTaps(id, s.opener);
        const main = brokerId === 0 && this.options.codec === 'packer' ? ', Packer\'s main connection' : '';
        this.emit({ kind: 'stream', t: this.now(), conn: this.conn, stream: id, by: s.opener, label: `MuxBroker id ${brokerId} (dialed by ${s.opener}${main})` });
      }
      if (b.length === 0) return;
    }
    if (s.label === 'plugin stdout' || s.label === 'plugin stderr') {
      this.lines(s, b);
      return;
    }
    s.rpc?.[dir].push(b);
  }

  private lines(s: StreamState, b: Uint8Array): void {
    s.line += Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
    let nl = s.line.indexOf('\n');
    while (nl >= 0) {
      this.emitLine(s, s.line.slice(0, nl));
      s.line = s.line.slice(nl + 1);
      nl = s.line.indexOf('\n');
    }
    if (s.line.length > 4096) this.flushLine(s);
  }

  private flushLine(s: StreamState): void {
    this.emitLine(s, s.line);
    s.line = '';
  }

  private emitLine(s: StreamState, line: string): void {
    this.emit({ kind: s.label === 'plugin stdout' ? 'stdout' : 'stderr', t: this.now(), line, via: 'stream' });
  }

  private key(stream: number, seq: number | bigint): string {
    return `${stream}:${seq}`;
  }

  private call(stream: number, from: Side, m: RpcMessage): void {
    const t = this.now();
    if (this.pending.size >= this.maxPending) {
      const oldest = this.pending.keys().next().value as string;
      this.dropPending(oldest);
    }
    this.pending.set(this.key(stream, m.seq), { method: m.method, t, bytes: m.bytes });
    this.emit({ kind: 'call', t, conn: this.conn, stream, from, seq: String(m.seq), method: m.method, args: m.body === undefined ? '(undecodable)' : toJson(m.body.value), bytes: m.bytes });
  }

  private reply(stream: number, from: Side, m: RpcMessage): void {
    const t = this.now();
    const k = this.key(stream, m.seq);
    const p = this.pending.get(k);
    this.pending.delete(k);
    const latencyMs = p === undefined ? null : t - p.t;
    const method = p?.method ?? m.method;
    if (latencyMs !== null) this.stats.record(method, latencyMs, m.error !== '', m.bytes + (p?.bytes ?? 0));
    const reply = m.error !== '' ? null : m.body === undefined ? '(undecodable)' : toJson(m.body.value);
    this.emit({ kind: 'reply', t, conn: this.conn, stream, from, seq: String(m.seq), method, latencyMs, error: m.error, reply, bytes: m.bytes });
  }

  private close(id: number): void {
    const s = this.streams.get(id);
    if (s === undefined) return;
    if (s.line !== '') this.flushLine(s);
    this.streams.delete(id);
    for (const k of [...this.pending.keys()]) {
      if (k.startsWith(`${id}:`)) this.dropPending(k);
    }
  }

  private dropPending(key: string): void {
    const p = this.pending.get(key);
    this.pending.delete(key);
    this.unanswered++;
    if (p !== undefined && this.unansweredCalls.length < MAX_LISTED) {
      const [stream, seq] = key.split(':');
      this.unansweredCalls.push(`${this.conn === 1 ? '' : `c${this.conn}/`}s${stream} #${seq} ${p.method}`);
    }
  }

  /** Time passed to `t` (a timer, or the end): reports keepalive pings past their deadline. */
  expire(t: number): void {
    this.pings.expire(t);
  }

  /** `by` closed the connection at `t`: a keepalive ping of its own still unanswered is reported. */
  closedBy(t: number, by: Side): void {
    this.pings.closedBy(t, by);
  }

  /** When {@link expire} next has something to report. */
  nextDeadline(): number | undefined {
    return this.pings.nextDeadline();
  }

  /** The connection ended: everything still pending is unanswered. */
  finish(): void {
    for (const s of this.streams.values()) if (s.line !== '') this.flushLine(s);
    for (const k of [...this.pending.keys()]) this.dropPending(k);
    this.streams.clear();
  }
}
