import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { TEST_PROJECTS } from './test/projects.js';

const src = (p: string): string => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

/**
 * Five projects, each runnable alone (`vitest run --project <name>`; npm run test:unit,
 * test:property, test:conformance, test:examples, test:repo); `vitest run` (npm test) runs them all.
 * - unit: one module at a time, in process (a few also start a go-testbed program)
 * - property: fast-check properties and the 10 s gob fuzz run
 * - conformance: against real Go peers (go-testbed), real packer, and the conformance kit's IUTs
 * - examples: the Mattermost and Argo Rollouts plugins under those projects' own Go code
 * - repo: the repository as a whole: layering, public API, npm package, README, demo
 */
export default defineConfig({
  resolve: {
    // Tests import the package by its public subpaths; resolve them to the TypeScript sources.
    alias: [
      { find: /^go-netrpc\/gob$/, replacement: src('gob/index.ts') },
      { find: /^go-netrpc\/yamux$/, replacement: src('yamux/index.ts') },
      { find: /^go-netrpc\/rpc$/, replacement: src('rpc/index.ts') },
      { find: /^go-netrpc\/plugin\/serve$/, replacement: src('plugin/serve-entry.ts') },
      { find: /^go-netrpc\/msgpack$/, replacement: src('msgpack/index.ts') },
      { find: /^go-netrpc\/packer$/, replacement: src('packer/index.ts') },
      { find: /^go-netrpc\/plugin$/, replacement: src('plugin/index.ts') },
      { find: /^go-netrpc\/testing$/, replacement: src('testing/index.ts') },
      { find: /^go-netrpc\/gen$/, replacement: src('gen/index.ts') },
      { find: /^go-netrpc$/, replacement: src('index.ts') },
    ],
  },
  test: {
    globalSetup: ['test/setup/go-testbed.global.ts'],
    // A hang detector, not a performance bound: tests that start real packer, Go and Node
    // processes take seconds, and a loaded 2-core machine stretches that several times.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: Object.entries(TEST_PROJECTS).map(([name, include]) => ({ extends: true, test: { name, include: [...include] } })),
  },
});
