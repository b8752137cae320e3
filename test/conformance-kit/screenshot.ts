/**
 * Screenshots of the conformance matrix's HTML report in headless Chromium (Debian's `chromium`
 * package; .ci/run installs it when missing). Used by matrix-screenshot.test.ts and, run as a
 * script (`npm run conformance:screenshot`), to write the README's image
 * fixtures/conformance/yamux-matrix.png.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/go-peer.js';

/** The README image's viewport: the whole matrix of 10 columns (5 IUTs × 2 roles). */
export const MATRIX_VIEWPORT = { width: 1760, height: 3160 } as const;

export function chromiumPath(): string {
  return process.env['CHROMIUM'] ?? '/usr/bin/chromium';
}

/** Renders `htmlFile` into `pngFile` at the given viewport; rejects with Chromium's stderr on failure. */
export async function screenshot(htmlFile: string, pngFile: string, viewport: { width: number; height: number } = MATRIX_VIEWPORT): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'gonetrpc-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox', // tests and CI run as root
    '--disable-gpu',
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    `--user-data-dir=${profile}`,
    `--window-size=${viewport.width},${viewport.height}`,
    `--screenshot=${pngFile}`,
    pathToFileURL(htmlFile).href,
  ];
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(chromiumPath(), args, { timeout: 120_000 }, (err, _stdout, stderr) => {
        if (err !== null) reject(new Error(`${chromiumPath()} failed: ${err.message}\n${stderr.slice(-2000)}`, { cause: err }));
        else resolve();
      });
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = join(repoRoot, 'fixtures/conformance');
  await screenshot(join(dir, 'yamux-matrix.html'), join(dir, 'yamux-matrix.png'));
  process.stderr.write(`wrote ${join(dir, 'yamux-matrix.png')}\n`);
}
