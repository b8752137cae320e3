/**
 * Byte relay between the host's connection and the plugin's, one direction per call: every chunk
 * goes to the tap (decoder, transcript and capture flush) first, then on unchanged: a host that
 * SIGKILLs the trace right after a reply arrived (go-plugin's Kill, Packer at the end of a build)
 * finds that reply already in the transcript. The tap never holds a chunk up asynchronously and
 * never changes it. Backpressure is real: when the
 * destination's write() returns false the source pauses until 'drain'. A decoder that throws is
 * switched off for that direction (reported once); the relay itself never depends on decoding.
 * Mirrors what a direct connection would do: bytes already written are delivered, then EOF.
 */
import type { Duplex } from 'node:stream';

/** Relays `src` → `dst`, calling `tap` with each chunk just before it is handed to `dst`. */
export function relay(src: Duplex, dst: Duplex, tap: ((chunk: Uint8Array) => void) | undefined, onTapFailure: (err: unknown) => void): void {
  let tapping = tap !== undefined;
  let waiting = false;
  src.on('data', (chunk: Buffer) => {
    if (tapping && tap !== undefined) {
      try {
        tap(chunk);
      } catch (err) {
        tapping = false;
        onTapFailure(err);
      }
    }
    if (!dst.write(chunk) && !waiting) {
      waiting = true;
      src.pause();
      dst.once('drain', () => {
        waiting = false;
        src.resume();
      });
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
