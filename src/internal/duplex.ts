/**
 * Node stream helpers shared by the rpc, yamux and plugin layers: writing with 'drain'
 * backpressure and waiting for a stream to close.
 */
import type { Duplex, Writable } from 'node:stream';

/**
 * Writes `chunk` and resolves once the stream can take more (immediately when `write()`
 * returned true, otherwise on 'drain'). Rejects if the stream errors or closes first.
 */
export function writeWithBackpressure(stream: Writable, chunk: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.destroyed || stream.writableEnded) {
      reject(new Error('write after end'));
      return;
    }
    let ok = false;
    try {
      ok = stream.write(chunk);
    } catch (err) {
      reject(err);
      return;
    }
    if (ok) {
      resolve();
      return;
    }
    const cleanup = (): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error('stream closed before drain'));
    };
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/** Resolves when `stream` emits 'close' (immediately if already destroyed). */
export function onceClosed(stream: Duplex): Promise<void> {
  if (stream.destroyed && stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/**
 * True when `value` looks like a Node Duplex (a readable and writable stream object). Public
 * entry points that take a byte stream check this first, so a wrong argument gets the module's
 * own error instead of a TypeError from deep inside.
 */
export function isDuplexLike(value: unknown): value is Duplex {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['on'] === 'function' && typeof v['write'] === 'function' && typeof v['end'] === 'function' && typeof v['destroy'] === 'function';
}
