/**
 * Byte relay between the host's connection and the plugin's, one direction per call. Each chunk
 * goes on unchanged and to the tap (decoder, transcript, capture), which never holds it up
 * asynchronously nor changes it; `tapFirst` decides the order: tap first where the receiver may
 * SIGKILL the trace as soon as it has the bytes (the host, after a reply: go-plugin's Kill, Packer
 * at the end of a build), so what it received is already on disk; forward first otherwise, so
 * decoding is off the critical path. Backpressure is real: when the
 * destination's write() returns false the source pauses until 'drain'. A decoder that throws is
 * switched off for that direction (reported once); the relay itself never depends on decoding.
 * A `gate` (the live decoder child's pipe, live-decoder.ts) pauses the source the same way while
 * it is blocked. Mirrors what a direct connection would do: bytes already written are delivered,
 * then EOF.
 */
import type { Duplex } from 'node:stream';

/** Something the relay waits for besides its destination (the live decoder's backlog). */
export interface RelayGate {
  blocked(): boolean;
  whenReady(cb: () => void): void;
}

/** Relays `src` → `dst`, calling `tap` with each chunk just before (`tapFirst`) or after it is handed to `dst`. */
export function relay(src: Duplex, dst: Duplex, tap: ((chunk: Uint8Array) => void) | undefined, onTapFailure: (err: unknown) => void, tapFirst = false, gate?: RelayGate): void {
  let tapping = tap !== undefined;
  let waiting = false;
  let gated = false;
  // The source pauses while either its destination or the gate holds it.
  let holds = 0;
  const hold = (): void => {
    if (holds++ === 0) src.pause();
  };
  const release = (): void => {
    if (--holds === 0) src.resume();
  };
  const tapChunk = (chunk: Buffer): void => {
    if (!tapping || tap === undefined) return;
    try {
      tap(chunk);
    } catch (err) {
      tapping = false;
      onTapFailure(err);
    }
  };
  src.on('data', (chunk: Buffer) => {
    if (tapFirst) tapChunk(chunk);
    if (!dst.write(chunk) && !waiting) {
      waiting = true;
      hold();
      dst.once('drain', () => {
        waiting = false;
        release();
      });
    }
    if (!tapFirst) tapChunk(chunk);
    if (gate !== undefined && !gated && gate.blocked()) {
      gated = true;
      hold();
      gate.whenReady(() => {
        gated = false;
        release();
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
