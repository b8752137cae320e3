/**
 * Writes trace events to the output (stderr or --out FILE, never stdout: stdout is the
 * go-plugin handshake channel) as readable lines or, with `--json`, one JSON object per line.
 * Output never holds up the relay: a file gets one batched write per event-loop turn; when a
 * stream output is slower than the session and more than `maxBufferedBytes` are waiting, lines are
 * dropped and counted (reported when it catches up).
 */
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { TraceEvent } from './events.js';
import { formatHclog, parseHclog } from './hclog.js';
import { toText } from './render.js';

/** Output options. */
export interface TranscriptOptions {
  readonly json?: boolean;
  /** Longest value text in a readable line (default 300 chars). */
  readonly maxValueChars?: number;
  /** Output bytes allowed to wait for a slow output before lines are dropped (default 8 MiB). */
  readonly maxBufferedBytes?: number;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

/** A handshake line with its certificate field (6) shortened for reading. */
function shortHandshake(line: string): string {
  const f = line.split('|');
  const cert = f[5];
  if (cert !== undefined && cert.length > 40) f[5] = `${cert.slice(0, 16)}…(cert, ${cert.length} chars)`;
  return f.join('|');
}

function sideTag(conn: number, stream: number): string {
  return conn === 1 ? `s${stream}` : `c${conn}/s${stream}`;
}

/** The readable line of an event (without newline). */
export function formatEvent(e: TraceEvent, maxChars = 300): string {
  const v = (x: unknown): string => toText(x, maxChars);
  switch (e.kind) {
    case 'start':
      return `· ${ms(e.t)}  trace: launching ${e.command.join(' ')}`;
    case 'env':
      return `· ${ms(e.t)}  env ${e.name}=${e.value}`;
    case 'handshake':
      return e.error === undefined
        ? `· ${ms(e.t)}  handshake from plugin: ${shortHandshake(e.line)}\n· ${ms(e.t)}  handshake to host:     ${shortHandshake(e.relayed)}`
        : `! ${ms(e.t)}  plugin's first stdout line is not a handshake: ${JSON.stringify(e.line)}\n!            the host will fail with: ${e.error.split('\n')[0] ?? ''}`;
    case 'stdout':
    case 'stderr': {
      const log = parseHclog(e.line);
      return `· ${ms(e.t)}  plugin ${e.kind}${e.via === 'stream' ? ' (stream)' : ''}: ${log === undefined ? e.line : formatHclog(log)}`;
    }
    case 'conn':
      return `· ${ms(e.t)}  connection ${e.conn} ${e.state}${e.detail === undefined ? '' : `: ${e.detail}`}`;
    case 'stream':
      return `· ${ms(e.t)}  ${sideTag(e.conn, e.stream)} opened by ${e.by}: ${e.label}`;
    case 'call':
      return `→ ${ms(e.t)}  ${sideTag(e.conn, e.stream)} #${e.seq} ${e.method} ${v(e.args)}${e.from === 'plugin' ? '  (plugin → host)' : ''}`;
    case 'reply': {
      const lat = e.latencyMs === null ? '? ms' : ms(e.latencyMs);
      const body = e.error !== '' ? `error ${JSON.stringify(e.error)}` : v(e.reply);
      return `← ${lat}  ${sideTag(e.conn, e.stream)} #${e.seq} ${body}`;
    }
    case 'frame':
      return `! ${ms(e.t)}  connection ${e.conn}: ${e.from} sent ${e.what}`;
    case 'decode-error':
      return `! ${ms(e.t)}  cannot decode ${e.from}'s bytes${e.stream === null ? '' : ` on ${sideTag(e.conn, e.stream)}`}: ${e.code}: ${e.message}`;
    case 'note':
      return `· ${ms(e.t)}  ${e.message}`;
    case 'exit':
      return `· ${ms(e.t)}  plugin exited ${e.signal === null ? `with status ${e.code}` : `on signal ${e.signal}`}`;
    case 'summary': {
      const rows = e.methods.map(
        (m) => `  ${m.method.padEnd(32)} ${String(m.count).padStart(7)} ${String(m.errors).padStart(6)} ${ms(m.p50Ms).padStart(11)} ${ms(m.p99Ms).padStart(11)} ${String(m.bytes).padStart(10)}`,
      );
      const head = `  ${'method'.padEnd(32)} ${'calls'.padStart(7)} ${'errors'.padStart(6)} ${'p50'.padStart(11)} ${'p99'.padStart(11)} ${'bytes'.padStart(10)}`;
      const listed = e.unansweredCalls.length < e.unanswered ? `${e.unansweredCalls.join(', ')}, …` : e.unansweredCalls.join(', ');
      const tail = e.unanswered > 0 ? [`  ${e.unanswered} call(s) never answered: ${listed}`] : [];
      if (rows.length === 0) return [`· ${ms(e.t)}  summary: no net/rpc calls`, ...tail].join('\n');
      return [`· ${ms(e.t)}  summary:`, head, ...rows, ...tail].join('\n');
    }
  }
}

/** The trace output: a stream, or a file descriptor written in batches (see {@link Transcript.flush}). */
export class Transcript {
  private dropped = 0;
  private readonly maxBuffered: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private scheduled = false;

  constructor(
    private readonly out: Writable | number,
    private readonly options: TranscriptOptions = {},
  ) {
    this.maxBuffered = options.maxBufferedBytes ?? 8 << 20;
  }

  write(e: TraceEvent): void {
    const backlog = typeof this.out === 'number' ? this.pendingBytes : this.out.writableLength;
    if (backlog > this.maxBuffered) {
      this.dropped++;
      return;
    }
    if (this.dropped > 0) {
      const n = this.dropped;
      this.dropped = 0;
      this.write({ kind: 'note', t: e.t, message: `trace output was too slow: ${n} event(s) dropped` });
    }
    const line = `${this.options.json === true ? JSON.stringify(e) : formatEvent(e, this.options.maxValueChars)}\n`;
    if (typeof this.out !== 'number') {
      this.out.write(line);
      return;
    }
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Writes what is batched for a file descriptor now (else once per event-loop turn). The proxy
   * calls it after each relayed chunk and before the handshake goes to the host: a host that
   * gives up on the plugin SIGKILLs this process, and what was seen must be on disk by then.
   */
  flush(): void {
    this.scheduled = false;
    if (typeof this.out !== 'number' || this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    try {
      writeSync(this.out, text);
    } catch {
      // The output is gone (disk full, closed): tracing stops mattering, the relay goes on.
    }
  }
}
