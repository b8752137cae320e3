/**
 * The vitest projects (vitest.config.ts): which test files each `npm run test:<name>` runs.
 * test/architecture/test-projects.test.ts checks that every *.test.ts file belongs to one, so a
 * new test directory cannot silently drop out of `npm test`.
 */
export const TEST_PROJECTS: Readonly<Record<string, readonly string[]>> = {
  unit: ['test/unit/**/*.test.ts'],
  property: ['test/property/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/soak/**/*.test.ts'],
  conformance: ['test/conformance/**/*.test.ts', 'test/conformance-kit/**/*.test.ts'],
  // Real plugin ecosystems end to end (go-testbed/mattermost, go-testbed/argo: heavy Go modules).
  examples: ['test/examples/**/*.test.ts'],
  repo: ['test/architecture/**/*.test.ts', 'test/api/**/*.test.ts', 'test/packaging/**/*.test.ts', 'test/demo/**/*.test.ts', 'test/readme.test.ts'],
};
