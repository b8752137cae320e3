/**
 * hclog interop: parsing plugin stderr lines on the host, and writing hclog-compatible JSON on
 * the plugin side.
 *
 * Host side mirrors go-plugin `Client.logStderr` + `parseJSON` (`log_entry.go`): a JSON object
 * with string `@message`/`@level` and an optional `@timestamp` in layout
 * `2006-01-02T15:04:05.000000Z07:00` (exactly 6 fractional digits) is re-emitted at its level with
 * its other keys as fields; otherwise `[TRACE]`…`[ERROR]` prefixes pick the level, `panic: ` /
 * `fatal error: ` switch to "panic mode" (Error), and everything else is Debug. Plugin side mirrors
 * hclog's JSON format (`@level`, `@message`, `@timestamp` with microseconds, `@module`).
 */
import { writeSync } from 'node:fs';

/** hclog levels (hclog `Level`), lowest to highest. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<LogLevel | 'off', number> = { trace: 1, debug: 2, info: 3, warn: 4, error: 5, off: 6 };

/** One log entry re-emitted by the host (Go `logEntry` plus the raw line). */
export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  /** Key/value pairs other than `@level`, `@message`, `@timestamp` (JSON lines only). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Parsed `@timestamp`, when present and valid. */
  readonly timestamp?: Date;
  /** Logger name (`@module` of a JSON line). */
  readonly module?: string;
  /** True when the line was hclog JSON. */
  readonly json: boolean;
}

/** A host logger: receives every plugin stderr entry at or above its level. */
export interface HostLogger {
  log(entry: LogEntry): void;
}

/** hclog `LevelFromString`: case-insensitive; unknown → undefined. */
export function levelFromString(s: string): LogLevel | 'off' | undefined {
  const l = s.trim().toLowerCase();
  return l === 'trace' || l === 'debug' || l === 'info' || l === 'warn' || l === 'error' || l === 'off' ? l : undefined;
}

/** True when `level` passes a logger configured at `min`. */
export function levelEnabled(level: LogLevel, min: LogLevel | 'off'): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[min];
}

const TS_LAYOUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{6})(Z|[+-]\d{2}:\d{2})$/;

/** Parses Go layout `2006-01-02T15:04:05.000000Z07:00`; anything else → undefined. */
export function parseHclogTimestamp(s: string): Date | undefined {
  const m = TS_LAYOUT.exec(s);
  if (m === null) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '').slice(0, 3)}${m[8] === 'Z' ? 'Z' : m[8]}`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const PREFIXES: readonly [string, LogLevel][] = [
  ['[TRACE]', 'trace'],
  ['[DEBUG]', 'debug'],
  ['[INFO]', 'info'],
  ['[WARN]', 'warn'],
  ['[ERROR]', 'error'],
];

/**
 * Stateful per-plugin stderr line parser (the "panic mode" of go-plugin v1.7 is per stream).
 */
export class StderrLineParser {
  #panicMode = false;

  /** Classifies one line (without its newline). */
  parse(line: string): LogEntry {
    const json = parseJsonLine(line);
    if (json !== undefined) return json;
    if (line.startsWith('panic: ') || line.startsWith('fatal error: ')) this.#panicMode = true;
    for (const [prefix, level] of PREFIXES) {
      if (line.startsWith(prefix)) return { level, message: line, fields: {}, json: false };
    }
    return { level: this.#panicMode ? 'error' : 'debug', message: line, fields: {}, json: false };
  }
}

function parseJsonLine(line: string): LogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  const msg = rec['@message'];
  const lvl = rec['@level'];
  const ts = rec['@timestamp'];
  // Go's host panics on non-string @message/@level; we treat such lines as plain text instead.
  if ((msg !== undefined && typeof msg !== 'string') || (lvl !== undefined && typeof lvl !== 'string')) return undefined;
  let timestamp: Date | undefined;
  if (ts !== undefined) {
    if (typeof ts !== 'string') return undefined;
    timestamp = parseHclogTimestamp(ts);
    if (timestamp === undefined) return undefined;
  }
  const level = typeof lvl === 'string' ? levelFromString(lvl) : undefined;
  if (level === undefined || level === 'off') {
    // Go: missing/unknown level → the raw line at Debug.
    return { level: 'debug', message: line, fields: {}, json: false };
  }
  const fields: Record<string, unknown> = {};
  let module: string | undefined;
  for (const [k, v] of Object.entries(rec)) {
    if (k === '@message' || k === '@level' || k === '@timestamp') continue;
    if (k === '@module' && typeof v === 'string') module = v;
    else fields[k] = v;
  }
  return {
    level,
    message: msg ?? '',
    fields,
    json: true,
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(module === undefined ? {} : { module }),
  };
}

/** Formats `d` as hclog's JSON timestamp (UTC, microseconds). */
export function formatHclogTimestamp(d: Date, micros = 0): string {
  const iso = d.toISOString(); // …T12:34:56.789Z
  return `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** hclog name, emitted as `@module`. */
  readonly name?: string;
  /** Minimum level (Go `Serve` default: trace). */
  readonly level?: LogLevel | 'off';
  /** Where complete lines go (default: fd 2 synchronously, bypassing any patched process.stderr). */
  readonly write?: (line: string) => void;
  /** Clock for tests. */
  readonly now?: () => { date: Date; micros: number };
}

/** A plugin-side logger writing hclog JSON lines that Go hosts parse and re-log. */
export interface JsonLogger {
  trace(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** hclog `Named`: a child logger with `name.sub`. */
  named(sub: string): JsonLogger;
}

/** Writes to file descriptor 2 synchronously (the real stderr); a vanished stderr is ignored. */
export function writeFd2(s: string): void {
  try {
    writeSync(2, s);
  } catch {
    // stderr gone (host died): nothing left to tell.
  }
}

function defaultNow(): { date: Date; micros: number } {
  const t = performance.timeOrigin + performance.now();
  return { date: new Date(Math.floor(t)), micros: Math.floor((t * 1000) % 1000) };
}

function safeValue(v: unknown): unknown {
  if (v instanceof Error) return v.message;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/** Creates an hclog-compatible JSON logger (hclog `JSONFormat: true`). */
export function createJsonLogger(opts: JsonLoggerOptions = {}): JsonLogger {
  const min = opts.level ?? 'trace';
  const write = opts.write ?? writeFd2;
  const now = opts.now ?? defaultNow;
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (!levelEnabled(level, min)) return;
    const { date, micros } = now();
    const rec: Record<string, unknown> = { '@level': level, '@message': String(msg), '@timestamp': formatHclogTimestamp(date, micros) };
    if (opts.name !== undefined && opts.name !== '') rec['@module'] = opts.name;
    for (const [k, v] of Object.entries(fields ?? {})) if (!k.startsWith('@')) rec[k] = safeValue(v);
    let line: string;
    try {
      line = JSON.stringify(rec);
    } catch {
      // Circular or otherwise unserializable fields: fall back to their String() forms.
      line = JSON.stringify(Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)])));
    }
    write(`${line}\n`);
  };
  return {
    trace: (m, f) => emit('trace', m, f),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    named: (sub) => createJsonLogger({ ...opts, name: opts.name ? `${opts.name}.${sub}` : sub }),
  };
}
