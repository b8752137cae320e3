/**
 * The gob corpus as the kit sees it: fixtures/conformance/gob/manifest.json (written by
 * go-testbed/cmd/gobconform `gen`), each case's input stream (a checked-in file, or for the big
 * cases Go's `gobconform stream NAME`, pinned by size and SHA-256), and Go's verdict on the
 * hostile streams. The kit runs from a go-netrpc checkout with go-testbed/bin/gobconform built.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ConformanceError } from '../errors.js';
import { goTool, repoRoot } from './tools.js';

export interface ManifestEntry {
  readonly name: string;
  readonly description: string;
  readonly kind: 'value' | 'hostile';
  readonly file?: string;
  readonly size?: number;
  readonly sha256?: string;
  readonly values?: number;
  readonly maps?: boolean;
  readonly raw?: boolean;
  readonly target?: string;
  /** Go's error decoding into `target`. */
  readonly goError?: string;
  /** Go's error with Decode(nil); absent when Decode(nil) accepts the stream. */
  readonly goErrorSchemaless?: string;
}

/** Go's Decode returns io.EOF when a message ends inside a value (gobconform's wording). */
export const EOF_IN_MESSAGE = 'EOF (inside a message';

export const MANIFEST_PATH = 'fixtures/conformance/gob/manifest.json';

export function loadManifest(): ReadonlyMap<string, ManifestEntry> {
  const path = `${repoRoot}${MANIFEST_PATH}`;
  if (!existsSync(path)) throw new ConformanceError('IUT_UNAVAILABLE', `${path} is missing: conformance gob runs from a go-netrpc checkout`);
  const list = JSON.parse(readFileSync(path, 'utf8')) as ManifestEntry[];
  return new Map(list.map((e) => [e.name, e]));
}

const cache = new Map<string, Buffer>();

/** The input stream of a corpus case. */
export async function inputOf(e: ManifestEntry): Promise<Buffer> {
  const hit = cache.get(e.name);
  if (hit !== undefined) return hit;
  const data = e.file !== undefined ? readFileSync(`${repoRoot}${e.file}`) : await goTool(['stream', e.name]);
  if (e.sha256 !== undefined && createHash('sha256').update(data).digest('hex') !== e.sha256) {
    throw new ConformanceError('IUT_UNAVAILABLE', `corpus stream ${e.name} (${data.length} bytes) does not match the manifest's SHA-256: regenerate with npm run fixtures:conformance-gob`);
  }
  // Only the big generated streams are worth keeping between runs of a process.
  if (e.file === undefined) cache.set(e.name, data);
  return data;
}
