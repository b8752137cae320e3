/**
 * The live decoder child of `go-netrpc trace --out FILE` (live-decoder.ts starts it): reads the
 * raw capture stream (capture-format.ts) the relay process writes into its stdin and decodes it
 * exactly as `trace read` does (replay.ts), appending the transcript to file descriptor 3 (the
 * --out file). It has no other output: stdout and stderr are /dev/null, so it never holds the
 * host's pipes open. It ends at stdin's EOF: the relay ended it, or died (a host's SIGKILL), in
 * which case it decodes what the kernel had buffered, notes the cut and writes the summary.
 * Arguments: `--json`, `--max-value-chars N`, `--t0 MS` (when the trace started, in ms since the
 * epoch as performance.timeOrigin counts: overdue keepalive pings are reported on time).
 */
import { writeSync } from 'node:fs';
import { replayCapture } from './replay.js';

/** The transcript's file descriptor (stdio[3] of the spawn). */
const OUT_FD = 3;

async function main(argv: readonly string[]): Promise<void> {
  const json = argv.includes('--json');
  const i = argv.indexOf('--max-value-chars');
  const maxValueChars = i >= 0 ? Number(argv[i + 1]) : Number.NaN;
  const j = argv.indexOf('--t0');
  const t0 = j >= 0 ? Number(argv[j + 1]) : Number.NaN;
  const clock = Number.isFinite(t0) ? (): number => performance.timeOrigin + performance.now() - t0 : undefined;
  // Signals for the trace (a terminal's SIGINT reaches the whole process group) are not ours:
  // this process stops at EOF only, after writing what it has.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => undefined);
  try {
    await replayCapture(process.stdin, OUT_FD, { json, ...(Number.isInteger(maxValueChars) && maxValueChars > 0 ? { maxValueChars } : {}) }, clock);
  } catch (err) {
    const e = err as Error & { code?: string };
    const line = json ? JSON.stringify({ kind: 'note', t: 0, message: `live decoder stopped: ${e.code ?? 'IO_FAILED'}: ${e.message}` }) : `! live decoder stopped: ${e.code ?? 'IO_FAILED'}: ${e.message}`;
    try {
      writeSync(OUT_FD, `${line}\n`);
    } catch {
      // The transcript file is gone: nothing left to tell.
    }
  }
}

await main(process.argv.slice(2));
process.exit(0);
