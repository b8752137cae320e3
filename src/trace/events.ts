/**
 * The events of a traced go-plugin session, in the order they happen. The transcript prints
 * them as text lines or as JSON lines (`--json`: one event object per line, `kind` first).
 * `t` is milliseconds since the trace started. Values are already bounded JSON (render.ts).
 */
import type { Json } from './render.js';
import type { MethodSummary } from './stats.js';

/** Which side sent or opened something. */
export type Side = 'host' | 'plugin';

export type TraceEvent =
  | { readonly kind: 'start'; readonly t: number; readonly command: readonly string[] }
  | { readonly kind: 'env'; readonly t: number; readonly name: string; readonly value: string }
  | { readonly kind: 'handshake'; readonly t: number; readonly line: string; readonly relayed: string; readonly error?: string }
  | { readonly kind: 'stdout' | 'stderr'; readonly t: number; readonly line: string; readonly via: 'pipe' | 'stream' }
  | {
      readonly kind: 'conn';
      readonly t: number;
      readonly conn: number;
      readonly state: 'open' | 'closed';
      readonly detail?: string | undefined;
      /** Who closed it (the first side whose end of the connection ended or failed), when known. */
      readonly by?: Side | undefined;
    }
  | { readonly kind: 'stream'; readonly t: number; readonly conn: number; readonly stream: number; readonly by: Side; readonly label: string }
  | {
      readonly kind: 'call';
      readonly t: number;
      readonly conn: number;
      readonly stream: number;
      readonly from: Side;
      readonly seq: string;
      readonly method: string;
      readonly args: Json;
      readonly bytes: number;
    }
  | {
      readonly kind: 'reply';
      readonly t: number;
      readonly conn: number;
      readonly stream: number;
      readonly from: Side;
      readonly seq: string;
      readonly method: string;
      readonly latencyMs: number | null;
      readonly error: string;
      readonly reply: Json;
      readonly bytes: number;
    }
  | { readonly kind: 'frame'; readonly t: number; readonly conn: number; readonly from: Side; readonly what: string }
  | { readonly kind: 'decode-error'; readonly t: number; readonly conn: number; readonly stream: number | null; readonly from: Side; readonly code: string; readonly message: string }
  | { readonly kind: 'note'; readonly t: number; readonly message: string }
  | { readonly kind: 'exit'; readonly t: number; readonly code: number | null; readonly signal: string | null }
  | { readonly kind: 'summary'; readonly t: number; readonly methods: readonly MethodSummary[]; readonly unanswered: number; readonly unansweredCalls: readonly string[] };
