/**
 * A Communicator for builders whose "machine" is this one: commands run with `sh -c`, uploads
 * and downloads are local files (what Packer's shell-local/null-style builds do). Streams are
 * piped with backpressure.
 */
import { spawn } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Communicator } from './communicator.js';

/** Runs everything on the local machine. */
export function localCommunicator(options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {}): Communicator {
  return {
    start(cmd) {
      return new Promise<number>((resolve, reject) => {
        const child = spawn('sh', ['-c', cmd.command], { cwd: options.cwd, env: options.env ?? process.env, stdio: [cmd.stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
        if (cmd.stdin !== null && child.stdin !== null) cmd.stdin.pipe(child.stdin);
        for (const [from, to] of [
          [child.stdout, cmd.stdout],
          [child.stderr, cmd.stderr],
        ] as const) {
          if (from === null) continue;
          if (to !== null) from.pipe(to, { end: false });
          else from.resume();
        }
        child.once('error', reject);
        child.once('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
      });
    },
    async upload(path, data, fileInfo) {
      const out = createWriteStream(path, fileInfo === null ? {} : { mode: fileInfo.mode & 0o777 });
      data.pipe(out);
      await finished(out);
    },
    async download(path, out) {
      const src = createReadStream(path);
      src.pipe(out, { end: false });
      await finished(src);
    },
    async uploadDir(dst, src) {
      await cp(src, dst, { recursive: true });
    },
    async downloadDir(src, dst) {
      await cp(src, dst, { recursive: true });
    },
  };
}
