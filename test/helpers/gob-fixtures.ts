/**
 * Loads the Go-generated golden gob zoo (fixtures/gob, written by go-testbed/cmd/gobgen):
 * `<id>.gob` holds the bytes of a fresh Go process's gob.Encoder, `<id>.json` the sidecar with
 * the values as Go decodes them back (wire-view JSON, see go-testbed/internal/gobzoo/wire.go)
 * or, for hostile streams, Go's decode error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './go-peer.js';

/** Directory of the committed fixtures. */
export const fixturesDir = join(repoRoot, 'fixtures', 'gob');

/** One value of a value case. */
export interface SidecarValue {
  readonly goType: string;
  readonly go: string;
  readonly wire: unknown;
}

/** A hostile stream and Go's verdict on it. */
export interface SidecarHostile {
  readonly target: string;
  readonly goError: string;
  readonly codes: readonly string[];
  readonly valuesBefore: number;
}

/** A fixture: sidecar plus bytes. */
export interface GobFixture {
  readonly id: string;
  readonly description: string;
  /** True when the bytes are reproducible (no multi-entry maps) and not hostile. */
  readonly byteCompare: boolean;
  readonly values?: readonly SidecarValue[];
  readonly hostile?: SidecarHostile;
  readonly bytes: Uint8Array;
}

/** Reads every fixture of a directory (default: the committed zoo), sorted by id. */
export function loadFixtures(dir: string = fixturesDir): GobFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const side = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<GobFixture, 'bytes'>;
      const bytes = new Uint8Array(readFileSync(join(dir, `${side.id}.gob`)));
      return { ...side, bytes };
    });
}

/** Value cases only. */
export function valueFixtures(dir?: string): (GobFixture & { readonly values: readonly SidecarValue[] })[] {
  return loadFixtures(dir).filter((f): f is GobFixture & { values: SidecarValue[] } => f.values !== undefined);
}

/** Hostile cases only. */
export function hostileFixtures(dir?: string): (GobFixture & { readonly hostile: SidecarHostile })[] {
  return loadFixtures(dir).filter((f): f is GobFixture & { hostile: SidecarHostile } => f.hostile !== undefined);
}

/** The values of a fixture as wire-view JSON (what gobpeer decode reports). */
export function wireValues(f: GobFixture): unknown[] {
  return (f.values ?? []).map((v) => v.wire);
}
