/**
 * Byte relay between the host's connection and the plugin's, one direction per call. Each chunk
 * goes on unchanged and to the tap (decoder, transcript, capture), which never holds it up
 * asynchronously nor changes it; `tapFirst` decides the order: tap first where the receiver may
 * SIGKILL the trace as soon as it has the bytes (the host, after a reply: go-plugin's Kill, Packer
 * at the end of a build), so what it received is already on disk; forward first otherwise, so
 * decoding is off the critical path. Backpressure is real: when the
 * destination's write() returns false the source pauses until 'drain'. A decoder that throws is
 * switched off for that direction (reported once); the relay itself never depends on decoding.
 * A `gate` (the live decoder child's pipe, live-decoder.ts): a `tapFirst` chunk is forwarded only
 * once the gate handed the tap's copy to the kernel; the other direction pauses its source while
 * the gate is blocked (beyond its limit). Mirrors what a direct connection would do: bytes already written are delivered,
 * then EOF.
 */
import type { Duplex } from 'node:stream';

/** Something the relay waits for besides its destination (the live decoder's pipe). */
export interface RelayGate {
  /** Too much waits for the gate: pause the source. */
  blocked(): boolean;
  /** Some of what the tap gave the gate is not handed on yet (not in the kernel). */
  queued(): boolean;
  /** `cb` once nothing is queued any more. */
  whenReady(cb: () => void): void;
}

/**
 * Relays `src` → `dst`, calling `tap` with each chunk just before (`tapFirst`) or after it is
 * handed to `dst`. With `tapFirst` and a gate, a chunk is forwarded only once the gate has handed
 * the tap's copy on (a host may SIGKILL the trace as soon as it has the bytes).
 */
export function relay(src: Duplex, dst: Duplex, tap: ((chunk: Uint8Array) => void) | undefined, onTapFailure: (err: unknown) => void, tapFirst = false, gate?: RelayGate): void {
  let tapping = tap !== undefined;
  let waiting = false;
  let gated = false;
  // The source pauses while its destination or the gate holds it.
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
  const forward = (chunk: Buffer): void => {
    if (!dst.write(chunk) && !waiting) {
      waiting = true;
      hold();
      dst.once('drain', () => {
        waiting = false;
        release();
      });
    }
  };
  // A chunk held for the gate is still delivered before the end.
  let held = 0;
  let endPending = false;
  const end = (): void => {
    if (held > 0) endPending = true;
    else dst.end();
  };
  src.on('data', (chunk: Buffer) => {
    if (tapFirst) {
      tapChunk(chunk);
      if (gate !== undefined && gate.queued()) {
        held++;
        hold();
        gate.whenReady(() => {
          held--;
          forward(chunk);
          if (held === 0 && endPending) dst.end();
          release();
        });
        return;
      }
      forward(chunk);
      return;
    }
    forward(chunk);
    tapChunk(chunk);
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
  src.on('end', end);
  src.on('error', end);
  src.on('close', () => {
    if (!src.readableEnded) end();
  });
}
