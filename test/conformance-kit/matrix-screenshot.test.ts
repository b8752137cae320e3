/**
 * The HTML matrix report opened in headless Chromium (issue 11: "a screenshot shows the matrix"):
 * the rendering must be a real PNG of the requested size, not blank, showing the verdict colours
 * of the checked-in matrix — pass green, fail red, non-strict yellow, n/a grey, info blue — in
 * proportion to its cells. The README's image (fixtures/conformance/yamux-matrix.png, written by
 * `npm run conformance:screenshot`) must be such a picture too. Chromium is required, never
 * skipped (.ci/run installs Debian's `chromium`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/go-peer.js';
import { countColour, readPng, type Png } from '../helpers/png.js';
import { loadMatrix } from './run-kit.js';
import { MATRIX_VIEWPORT, chromiumPath, screenshot } from './screenshot.js';

/** The verdict colours of src/conformance/matrix.ts. */
const COLOURS = { pass: '#3c9a3c', 'non-strict': '#c9a227', fail: '#c8372d', 'n/a': '#9a9a9a', info: '#4a7bc8' } as const;

const dir = join(repoRoot, 'fixtures/conformance');
const work = mkdtempSync(join(tmpdir(), 'gonetrpc-shot-'));
let shot: Png;

beforeAll(async () => {
  if (!existsSync(chromiumPath())) throw new Error(`${chromiumPath()} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does) or set CHROMIUM`);
  const png = join(work, 'matrix.png');
  await screenshot(join(dir, 'yamux-matrix.html'), png);
  shot = readPng(readFileSync(png));
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function checkPicture(png: Png): void {
  expect({ width: png.width, height: png.height }).toEqual(MATRIX_VIEWPORT);
  const m = loadMatrix();
  const cells = m.iuts.flatMap((i) => i.results);
  const area = png.width * png.height;
  for (const [verdict, colour] of Object.entries(COLOURS)) {
    const n = cells.filter((r) => r.verdict === verdict).length;
    const px = countColour(png, colour);
    // A cell is about 100 × 30 px, its text in white: each cell shows at least 1,000 pixels of
    // its colour. A verdict no cell has shows only in the legend (under 2,000 pixels).
    if (n > 0) expect(px, `${verdict}: ${n} cells`).toBeGreaterThan(Math.min(n, 20) * 1000);
    expect(px, verdict).toBeLessThan(area / 2);
  }
  // Not blank: the background is white, and text and cells cover a good part of the page.
  const white = countColour(png, '#ffffff', 2);
  expect(white).toBeGreaterThan(area * 0.05);
  expect(white).toBeLessThan(area * 0.95);
}

describe('the matrix report in headless Chromium', () => {
  it('renders yamux-matrix.html as a picture of the matrix', () => {
    checkPicture(shot);
  });

  it('the README image fixtures/conformance/yamux-matrix.png is such a picture', () => {
    checkPicture(readPng(readFileSync(join(dir, 'yamux-matrix.png'))));
  });
});
