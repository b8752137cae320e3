/**
 * Reads a plugin's JSON log line as hashicorp/go-hclog writes it (`JSONFormat: true`, which
 * go-plugin's plugins use to log to stderr: `{"@level":"debug","@message":"…","@module":"…",
 * "@timestamp":"…", key: value…}`) and renders it the way hclog's text format does:
 * `[DEBUG] module: message: key=value …` (the transcript's own time replaces @timestamp). Any
 * other line is not hclog JSON and is shown unchanged.
 */

/** A parsed hclog JSON line. */
export interface HclogLine {
  readonly level: string;
  readonly message: string;
  readonly module?: string;
  readonly fields: ReadonlyArray<readonly [string, unknown]>;
}

/** Fields shown per line; the rest are counted. */
const MAX_FIELDS = 64;

/** The line as hclog JSON, or undefined. */
export function parseHclog(line: string): HclogLine | undefined {
  if (!line.startsWith('{"@')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const level = o['@level'];
  const message = o['@message'];
  if (typeof level !== 'string' || typeof message !== 'string') return undefined;
  const module = o['@module'];
  const fields = Object.entries(o).filter(([k]) => !k.startsWith('@'));
  return { level, message, ...(typeof module === 'string' ? { module } : {}), fields };
}

/** hclog's text rendering of a value: bare when it has no spaces or quotes, else quoted. */
function valueText(v: unknown): string {
  if (typeof v === 'string') return v !== '' && !/[\s"=]/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/** `[LEVEL] module: message: k=v …`. */
export function formatHclog(h: HclogLine): string {
  const shown = h.fields.slice(0, MAX_FIELDS).map(([k, v]) => `${k}=${valueText(v)}`);
  if (h.fields.length > MAX_FIELDS) shown.push(`…(${h.fields.length - MAX_FIELDS} more fields)`);
  const head = `[${h.level.toUpperCase()}] ${h.module === undefined ? '' : `${h.module}: `}${h.message}`;
  return shown.length === 0 ? head : `${head}: ${shown.join(' ')}`;
}
