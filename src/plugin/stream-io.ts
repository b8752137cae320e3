/**
 * Small byte-stream helpers for the plugin layer: reading exactly N bytes from a Node Duplex
 * without consuming what follows (the MuxBroker's 4-byte id and ack, go-plugin `mux_broker.go`
 * `binary.Read(stream, binary.LittleEndian, &id)`).
 */
import type { Duplex, Readable } from 'node:stream';

/**
 * Resolves with exactly `n` bytes read from `stream` (paused mode; the rest stays buffered for
 * the next consumer). Rejects on error, or with `eofError()` if the stream ends or closes first.
 */
export function readExactly(stream: Readable, n: number, eofError: () => Error): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
    };
    const onReadable = (): void => {
      const chunk = stream.read(n) as Buffer | null;
      if (chunk === null) return;
      cleanup();
      if (chunk.length < n) reject(eofError());
      else resolve(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    };
    const onEnd = (): void => {
      cleanup();
      reject(eofError());
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    if (stream.destroyed || stream.readableEnded) {
      reject(eofError());
      return;
    }
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('close', onEnd);
    stream.on('error', onError);
    onReadable();
  });
}

/** Encodes a broker id as 4 little-endian bytes (Go `binary.Write(…, LittleEndian, uint32)`). */
export function encodeUint32LE(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

/** Decodes 4 little-endian bytes. */
export function decodeUint32LE(b: Uint8Array): number {
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
}

/** Destroys a stream, swallowing errors (used on timeouts and teardown). */
export function destroyQuietly(stream: Duplex): void {
  stream.on('error', () => undefined);
  stream.destroy();
}
