/**
 * Scripted moves of the kit's side on raw frames: open a stream as Go does (WindowUpdate SYN),
 * send data within the IUT's window, wait for the echo and the IUT's FIN. Every helper reports
 * a timeout as a CaseFailure with what was expected and what the connection saw.
 */
import { Flag, FrameType, INITIAL_STREAM_WINDOW } from '../../yamux/index.js';
import { CaseFailure } from '../types.js';
import type { RawConn } from './raw-conn.js';

/** The test pattern: byte i of stream `seed` is (seed*31 + i) % 251 (never starts with "OPEN "). */
export function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  const base = (seed * 31) % 251;
  for (let i = 0; i < size; i++) b[i] = (base + i) % 251;
  return b;
}

/** Opens stream `id` the way Go's OpenStream does: WindowUpdate(SYN, delta). */
export function openStream(c: RawConn, id: number, delta = 0): void {
  c.send(FrameType.WindowUpdate, Flag.SYN, id, delta);
}

export interface SendOptions {
  /** Largest Data frame (default 16 KiB). */
  readonly chunk?: number;
  /** Close our side after the data (WindowUpdate FIN). */
  readonly fin?: boolean;
  /** How long to wait for the IUT to grant window when ours is used up. */
  readonly stallMs: number;
}

/**
 * Sends `data` on `id` in Data frames no larger than our current window (never exceeding what the
 * IUT granted), waiting for WindowUpdates when it is used up.
 */
export async function sendData(c: RawConn, id: number, data: Uint8Array, o: SendOptions): Promise<void> {
  const chunk = o.chunk ?? 16 * 1024;
  const b = c.book(id);
  let off = 0;
  while (off < data.length) {
    if (b.kitWindow <= 0) {
      const granted = await c.until(() => b.kitWindow > 0 || b.rst > 0, o.stallMs);
      if (b.rst > 0) throw new CaseFailure(`no RST on stream ${id}`, `RST after ${off} of ${data.length} bytes; ${c.summary()}`);
      if (!granted) throw new CaseFailure(`the IUT grants window (WindowUpdate) as its application reads`, `no window after ${off} of ${data.length} bytes within ${o.stallMs} ms; ${c.summary()}`);
    }
    const n = Math.min(chunk, b.kitWindow, data.length - off);
    c.send(FrameType.Data, 0, id, n, data.subarray(off, off + n));
    off += n;
    await c.drained();
  }
  // FIN on its own WindowUpdate, as Go sends it: Go's reader can race a FIN carried on a Data
  // frame (flags are processed before the payload is buffered) and see EOF first.
  if (o.fin === true) c.send(FrameType.WindowUpdate, Flag.FIN, id, 0);
}

/** Starts {@link sendData} without waiting for it (the IUT may legitimately stop granting window); errors are kept for {@link finish}. */
export function sendInBackground(c: RawConn, id: number, data: Uint8Array, o: SendOptions): { finish(): Promise<void> } {
  let failure: unknown;
  const p = sendData(c, id, data, o).catch((e: unknown) => {
    failure = e;
  });
  return {
    async finish() {
      await p;
      if (failure !== undefined) throw failure;
    },
  };
}

/** Waits until the IUT has sent at least `n` bytes on `id`, or its FIN; returns what arrived. */
export async function awaitData(c: RawConn, id: number, n: number, timeoutMs: number): Promise<Buffer> {
  const b = c.book(id);
  await c.until(() => b.received >= n || b.fin > 0 || b.rst > 0, timeoutMs);
  return c.data(id);
}

/** Waits for the IUT's FIN on `id`; a case failure if it does not come. */
export async function awaitFin(c: RawConn, id: number, timeoutMs: number): Promise<void> {
  const b = c.book(id);
  const ok = await c.until(() => b.fin > 0 || b.rst > 0, timeoutMs);
  if (b.rst > 0) throw new CaseFailure(`FIN on stream ${id}`, `RST instead; ${c.summary()}`);
  if (!ok) throw new CaseFailure(`the IUT's FIN on stream ${id} after its echo`, `${b.received} bytes and no FIN within ${timeoutMs} ms; ${c.summary()}`);
}

/** Checks an echo: the same bytes, then the IUT's FIN. */
export async function expectEcho(c: RawConn, id: number, want: Uint8Array, timeoutMs: number): Promise<void> {
  await awaitFin(c, id, timeoutMs);
  const got = c.data(id);
  if (!got.equals(want)) throw new CaseFailure(`echo of ${want.length} bytes on stream ${id}`, `${got.length} bytes${got.length === want.length ? ' that differ' : ''}; first ${got.subarray(0, 16).toString('hex')}`);
}

/** Opens `id`, sends `data` with FIN, and checks the echo and FIN. */
export async function echoRoundTrip(c: RawConn, id: number, data: Uint8Array, timeoutMs: number, chunk?: number): Promise<void> {
  openStream(c, id);
  await sendData(c, id, data, { fin: true, stallMs: timeoutMs, ...(chunk === undefined ? {} : { chunk }) });
  await expectEcho(c, id, data, timeoutMs);
}

/** Rejects if the IUT violated a rule that holds in every case (window, data after FIN, header fields). */
export function checkViolations(c: RawConn): void {
  if (c.violations.length > 0) throw new CaseFailure('no frame that breaks the protocol', c.violations.slice(0, 3).join('; '));
}

/** Whether the session still works: a fresh stream echoes a few bytes. */
export async function sessionAlive(c: RawConn, id: number, timeoutMs: number): Promise<boolean> {
  if (c.closed) return false;
  openStream(c, id);
  c.send(FrameType.Data, 0, id, 5, Buffer.from('alive'));
  c.send(FrameType.WindowUpdate, Flag.FIN, id, 0);
  const b = c.book(id);
  await c.until(() => b.fin > 0 || b.rst > 0, timeoutMs);
  return c.data(id).toString() === 'alive' && b.fin > 0;
}

export const WINDOW = INITIAL_STREAM_WINDOW;
