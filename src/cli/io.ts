/**
 * Input and output plumbing of the CLI: the gob stream comes from a file or stdin as chunks;
 * output goes to stdout honouring backpressure (and a closed pipe ends the program quietly).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** The input: FILE, or stdin when FILE is absent or `-`. */
export function inputStream(file: string | undefined): Readable {
  return file === undefined || file === '-' ? process.stdin : createReadStream(file);
}

/** Writes to stdout and waits for 'drain' when the pipe is full. */
export async function writeOut(chunk: Uint8Array | string): Promise<void> {
  if (process.stdout.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error): void => {
      process.stdout.off('drain', done);
      process.stdout.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    process.stdout.once('drain', done);
    process.stdout.once('error', done);
  });
}

/** Output sink used by the commands. */
export type Sink = (chunk: Uint8Array | string) => Promise<void>;
