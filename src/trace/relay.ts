/**
 * Byte relay between the host's connection and the plugin's, one direction per call: every chunk
 * is written on unchanged first, then a copy goes to the decoder. Backpressure is real: when the
 * destination's write() returns false the source pauses until 'drain'. A decoder that throws is
 * switched off for that direction (reported once); the relay itself never depends on decoding.
 * Mirrors what a direct connection would do: bytes already written are delivered, then EOF.
 */
import type { Duplex } from 'node:stream';

/** Relays `src` → `dst`, calling `tap` with each chunk after it was handed to `dst`. */
export function relay(src: Duplex, dst: Duplex, tap: ((chunk: Uint8Array) => void) | undefined, onTapFailure: (err: unknown) => void): void {
  let tapping = tap !== undefined;
  let waiting = false;
  src.on('data', (chunk: Buffer) => {
    if (!dst.write(chunk) && !waiting) {
      waiting = true;
      src.pause();
      dst.once('drain', () => {
        waiting = false;
        src.resume();
      });
    }
    if (!tapping || tap === undefined) return;
    try {
      tap(chunk);
    } catch (err) {
      tapping = false;
      onTapFailure(err);
    }
  });
  // However `src` ends, `dst` is ended, not destroyed: what was already relayed (a reply the
  // plugin wrote just before exiting) must still reach the other side.
  src.on('end', () => dst.end());
  src.on('error', () => dst.end());
  src.on('close', () => {
    if (!src.readableEnded) dst.end();
  });
}
