/** Shared helpers for the gob unit tests: hex conversion and decode-all. */
import { fromHex, hexPreview } from '../../../src/internal/bytes.js';
import * as gob from '../../../src/gob/index.js';

export { fromHex };

export function hex(b: Uint8Array): string {
  return hexPreview(b, 1 << 30);
}

/** Normalises a hex literal with arbitrary spacing to "aa bb cc". */
export function norm(h: string): string {
  return hex(fromHex(h));
}

/** Decodes every value of `bytes` with the given descriptors in order (one chunk). */
export function decodeAll(bytes: Uint8Array, types: readonly gob.Descriptor[], options?: gob.DecoderOptions): unknown[] {
  const dec = new gob.Decoder(options);
  dec.push(bytes);
  const out: unknown[] = [];
  for (const t of types) {
    const v = dec.decode(t);
    if (v === gob.NEED_MORE) throw new Error('incomplete stream');
    out.push(v);
  }
  dec.end();
  return out;
}

/** Catches and returns a thrown GobError (fails if something else or nothing is thrown). */
export function gobErr(fn: () => unknown): gob.GobError {
  try {
    fn();
  } catch (err) {
    if (err instanceof gob.GobError) return err;
    throw new Error(`expected GobError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected GobError, nothing thrown');
}

/** Replaces GoInterface wrappers by `{ iface: value }` (ignoring names/descriptors) for deep equality. */
export function plain(v: unknown): unknown {
  if (v instanceof gob.GoInterface) return { iface: plain(v.value) };
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
  if (v instanceof Uint8Array || v instanceof gob.GoTime || v === null || typeof v !== 'object') return v;
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = plain(x);
  return o;
}
