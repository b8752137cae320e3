/**
 * Streams the raw capture (capture-format.ts) to a file descriptor and/or a {@link CaptureSink}
 * (the pipe to the live decoder child, which reads the same stream). Records are queued without
 * copying (a relayed chunk is never reused by Node) and written with one `writevSync` per flush:
 * the proxy flushes before it forwards bytes to the host, as it does the transcript, because a
 * host may SIGKILL it at any moment; otherwise once per event-loop turn. A flush also happens once queued bytes pass {@link FLUSH_AT}, so
 * memory stays bounded however long the session; a slow disk slows the relay rather than
 * growing a queue.
 */
import { writevSync } from 'node:fs';
import { fileHeader, recordHeader, RecordKind, type TapCodec } from './capture-format.js';
import type { TraceEvent } from './events.js';

/** Queued bytes that force a flush. */
const FLUSH_AT = 1 << 20;
/** writev's usual IOV_MAX is 1024 buffers. */
const MAX_IOV = 1024;

/** A second destination of the same records (the live decoder child's pipe, live-decoder.ts). */
export interface CaptureSink {
  /** Takes each flush's buffers in order; throws when it cannot take more (then it is dropped). */
  write(bufs: readonly Uint8Array[]): void;
}

/** Writes capture records to `fd` (a file; undefined: none) and to `sink`. */
export class CaptureWriter {
  private queue: Uint8Array[] = [];
  private queued = 0;
  private failed = false;
  private scheduled = false;

  constructor(
    private readonly fd: number | undefined,
    meta: Record<string, unknown>,
    private sink?: CaptureSink,
    /** Told once when `sink` throws (it is dropped; the file goes on). */
    private readonly onSinkFailure?: (err: unknown) => void,
  ) {
    this.queue.push(fileHeader());
    this.json(RecordKind.Meta, 0, 0, meta);
    this.flush();
  }

  /** A proxy-level event (start, env, handshake, stdout/stderr lines, connections, notes, exit). */
  event(e: TraceEvent): void {
    this.json(RecordKind.Event, e.t, 0, e);
  }

  /** Connection `conn` is decoded as `codec` from now on. */
  tap(t: number, conn: number, codec: TapCodec): void {
    this.json(RecordKind.Tap, t, conn, { codec });
  }

  /** Bytes relayed on `conn`. */
  data(t: number, conn: number, from: 'host' | 'plugin', chunk: Uint8Array): void {
    this.push(recordHeader(RecordKind.Data, t, conn, from, chunk.byteLength), chunk);
  }

  /** Time reached `t` without bytes (keepalive deadlines were checked). */
  tick(t: number): void {
    this.push(recordHeader(RecordKind.Tick, t, 0, 'host', 0));
  }

  /** The trace finished. */
  end(t: number): void {
    this.push(recordHeader(RecordKind.End, t, 0, 'host', 0));
  }

  private json(kind: RecordKind, t: number, conn: number, value: unknown): void {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    this.push(recordHeader(kind, t, conn, 'host', body.length), body);
  }

  private push(...parts: Uint8Array[]): void {
    for (const p of parts) {
      this.queue.push(p);
      this.queued += p.byteLength;
    }
    if (this.queued >= FLUSH_AT || this.queue.length >= MAX_IOV) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes everything queued. A failing output (disk full) stops the capture, never the relay. */
  flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    const bufs = this.queue;
    this.queue = [];
    this.queued = 0;
    if (this.sink !== undefined) {
      try {
        this.sink.write(bufs);
      } catch (err) {
        this.sink = undefined;
        this.onSinkFailure?.(err);
      }
    }
    if (this.failed || this.fd === undefined) return;
    try {
      for (let i = 0; i < bufs.length; i += MAX_IOV) {
        let part = bufs.slice(i, i + MAX_IOV);
        let left = part.reduce((n, b) => n + b.byteLength, 0);
        while (left > 0) {
          const n = writevSync(this.fd, part);
          left -= n;
          if (left > 0) part = rest(part, n);
        }
      }
    } catch {
      this.failed = true;
    }
  }
}

/** What is left of `bufs` after `n` bytes were written. */
function rest(bufs: Uint8Array[], n: number): Uint8Array[] {
  let skip = n;
  let i = 0;
  while (i < bufs.length && skip >= (bufs[i] as Uint8Array).byteLength) skip -= (bufs[i++] as Uint8Array).byteLength;
  const out = bufs.slice(i);
  if (out.length > 0 && skip > 0) out[0] = (out[0] as Uint8Array).subarray(skip);
  return out;
}
