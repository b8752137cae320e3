/**
 * The Go side of `conformance gob`: go-testbed/bin/gobconform (Go's encoding/gob) writes the big
 * corpus streams, judges an IUT's output and measures an IUT run (`gobconform run`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConformanceError } from '../errors.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function gobconformPath(): string {
  const p = `${repoRoot}go-testbed/bin/gobconform`;
  if (!existsSync(p)) throw new ConformanceError('IUT_UNAVAILABLE', `${p} is missing: build it with \`cd go-testbed && go build -o bin/ ./cmd/gobconform\``);
  return p;
}

/** Runs `gobconform ARGS` with `input` on stdin; resolves to its stdout, rejects on failure. */
export function goTool(args: readonly string[], input?: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(gobconformPath(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {});
    child.on('error', (e) => reject(new ConformanceError('IUT_UNAVAILABLE', `gobconform ${args[0] ?? ''}: ${e.message}`, { cause: e })));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new ConformanceError('IUT_UNAVAILABLE', `gobconform ${args.join(' ')} failed (${code}): ${Buffer.concat(err).toString().trim()}`));
    });
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}
