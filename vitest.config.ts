import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by its public subpaths; resolve them to the TypeScript sources.
    alias: [
      { find: /^go-netrpc\/gob$/, replacement: src('gob/index.ts') },
      { find: /^go-netrpc\/yamux$/, replacement: src('yamux/index.ts') },
      { find: /^go-netrpc\/rpc$/, replacement: src('rpc/index.ts') },
      { find: /^go-netrpc\/msgpack$/, replacement: src('msgpack/index.ts') },
      { find: /^go-netrpc\/packer$/, replacement: src('packer/index.ts') },
      { find: /^go-netrpc\/plugin$/, replacement: src('plugin/index.ts') },
      { find: /^go-netrpc\/testing$/, replacement: src('testing/index.ts') },
      { find: /^go-netrpc$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/go-testbed.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
