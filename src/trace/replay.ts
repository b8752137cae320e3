/**
 * `go-netrpc trace read FILE`: decodes a raw capture (capture-format.ts) offline into the same
 * transcript the live trace wrote, through the same decoders (trace-core.ts) fed the recorded
 * chunks at their recorded times. Streams the file: memory is bounded by one record.
 */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { RecordKind, type CaptureRecord, type TapCodec } from './capture-format.js';
import { CaptureReader } from './capture-reader.js';
import { TraceError } from './errors.js';
import type { TraceEvent } from './events.js';
import type { SessionTapOptions } from './session-tap.js';
import { TraceCore } from './trace-core.js';
import { Transcript, type TranscriptOptions } from './transcript.js';

/** Output bytes waiting in `out` before reading pauses. */
const HIGH_WATER = 1 << 20;

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number';

/** The proxy-level event kinds a capture stores, each with a check of the fields the transcript reads. */
const EVENT_SHAPES: Record<string, (e: Record<string, unknown>) => boolean> = {
  start: (e) => Array.isArray(e['command']) && e['command'].every(isStr),
  env: (e) => isStr(e['name']) && isStr(e['value']),
  handshake: (e) => isStr(e['line']) && isStr(e['relayed']) && (e['error'] === undefined || isStr(e['error'])),
  stdout: (e) => isStr(e['line']) && (e['via'] === 'pipe' || e['via'] === 'stream'),
  stderr: (e) => isStr(e['line']) && (e['via'] === 'pipe' || e['via'] === 'stream'),
  conn: (e) =>
    isNum(e['conn']) && (e['state'] === 'open' || e['state'] === 'closed') && (e['detail'] === undefined || isStr(e['detail'])) && (e['by'] === undefined || e['by'] === 'host' || e['by'] === 'plugin'),
  note: (e) => isStr(e['message']),
  exit: (e) => (e['code'] === null || isNum(e['code'])) && (e['signal'] === null || isStr(e['signal'])),
};

function json(r: CaptureRecord, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(r.payload).toString('utf8'));
  } catch (err) {
    throw new TraceError('CAPTURE_INVALID', `capture ${what} record is not JSON`, { cause: err });
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TraceError('CAPTURE_INVALID', `capture ${what} record is not a JSON object`);
  return v as Record<string, unknown>;
}

function eventOf(r: CaptureRecord): TraceEvent {
  const e = json(r, 'event');
  const shape = isStr(e['kind']) ? EVENT_SHAPES[e['kind']] : undefined;
  if (shape === undefined || !isNum(e['t']) || !shape(e)) throw new TraceError('CAPTURE_INVALID', `capture event record is not a trace event: ${JSON.stringify(e).slice(0, 120)}`);
  return e as unknown as TraceEvent;
}

function limitsOf(meta: Record<string, unknown>): SessionTapOptions {
  const l = meta['limits'];
  if (l === null || typeof l !== 'object') return {};
  const o = l as Record<string, unknown>;
  const pick = (k: string): Record<string, number> => (isNum(o[k]) && o[k] > 0 ? { [k]: o[k] } : {});
  return { ...pick('maxPendingCalls'), ...pick('maxStreams'), ...pick('maxMessageBytes'), ...pick('keepaliveTimeoutMs') };
}

/** The trace's clock, for a capture read while it is written (the live decoder child): ms since the trace started. */
export type LiveClock = () => number;

/**
 * Reading live, time also passes without records: one timer for the earliest keepalive deadline
 * reports an overdue ping when it is due, as the in-process trace does (relay-server.ts).
 */
class LiveTicks {
  private timer: NodeJS.Timeout | undefined;
  private at = Number.POSITIVE_INFINITY;

  constructor(private readonly now: LiveClock) {}

  watch(core: TraceCore, flush: () => void): void {
    const at = core.nextDeadline();
    if (at === undefined || at >= this.at) return;
    this.stop();
    this.at = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.at = Number.POSITIVE_INFINITY;
      core.tick(Math.max(this.now(), at));
      flush();
      this.watch(core, flush);
    }, Math.max(0, at - this.now()));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.at = Number.POSITIVE_INFINITY;
  }
}

/**
 * Replays one or more captures read from `input`, writing their transcript to `out` (a stream,
 * or a file descriptor written once per event-loop turn, as the live decoder child does). `live`:
 * the capture is being written now (decoder-child.ts), keepalive deadlines are watched on it.
 */
export async function readCapture(input: Readable, out: Writable | number, options: TranscriptOptions = {}): Promise<void> {
  return replayCapture(input, out, options, undefined);
}

/** {@link readCapture}, and with `live` (the decoder child) watching keepalive deadlines on the trace's clock. */
export async function replayCapture(input: Readable, out: Writable | number, options: TranscriptOptions, live: LiveClock | undefined): Promise<void> {
  const ticks = live === undefined ? undefined : new LiveTicks(live);
  const transcript = new Transcript(out, { ...options, maxBufferedBytes: Number.POSITIVE_INFINITY });
  const emit = (e: TraceEvent): void => transcript.write(e);
  const reader = new CaptureReader();
  let core: TraceCore | undefined;
  let ended = true;
  let lastT = 0;
  let captures = 0;
  const finish = (): void => {
    if (core === undefined || ended) return;
    emit({ kind: 'note', t: lastT, message: 'the capture stops here without the end of the trace (the trace was killed, e.g. by the host\'s SIGKILL)' });
    core.end(lastT);
    ended = true;
  };
  const apply = (r: CaptureRecord): void => {
    if (core === undefined) throw new TraceError('CAPTURE_INVALID', 'capture record before the capture header');
    if (r.kind !== RecordKind.Meta) lastT = r.t;
    switch (r.kind) {
      case RecordKind.Meta:
        return;
      case RecordKind.Event:
        core.event(eventOf(r));
        return;
      case RecordKind.Tap: {
        const codec = json(r, 'tap')['codec'];
        if (codec !== 'go-plugin' && codec !== 'packer') throw new TraceError('CAPTURE_INVALID', `unknown capture codec ${JSON.stringify(codec)}`);
        core.openTap(r.t, r.conn, codec as TapCodec);
        return;
      }
      case RecordKind.Data:
        core.data(r.t, r.conn, r.from, r.payload);
        return;
      case RecordKind.Tick:
        core.tick(r.t);
        return;
      case RecordKind.End:
        core.end(r.t);
        ended = true;
        return;
    }
  };
  let pendingMeta = false;
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array>) {
      for (const item of reader.push(chunk)) {
        if (item.kind === 'capture-start') {
          finish();
          captures++;
          if (captures > 1) emit({ kind: 'note', t: 0, message: `next capture (byte ${item.offset} of the file)` });
          pendingMeta = true;
          continue;
        }
        if (pendingMeta) {
          if (item.record.kind !== RecordKind.Meta) throw new TraceError('CAPTURE_INVALID', 'a capture must begin with its META record');
          core = new TraceCore(emit, limitsOf(json(item.record, 'meta')));
          ended = false;
          pendingMeta = false;
          continue;
        }
        apply(item.record);
      }
      if (core !== undefined && !ended) ticks?.watch(core, () => transcript.flush());
      if (typeof out !== 'number' && out.writableLength > HIGH_WATER) await once(out, 'drain');
    }
    reader.end();
  } finally {
    ticks?.stop();
    finish();
    transcript.flush();
  }
}
