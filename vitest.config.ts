import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests run against the TypeScript sources of the workspace packages, so a unit test never needs a build.
// e2e tests start the *built* deployables as child processes; `make test` builds first.
const alias = [
  { find: /^@keda-http\/([a-z0-9-]+)\/(.+)$/, replacement: `${root}packages/$1/src/$2.ts` },
  { find: /^@keda-http\/([a-z0-9-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ['scripts/vitest-global-setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/testing.ts', 'packages/*/src/main.ts', 'packages/devcluster/src/cli.ts'],
      reporter: ['text-summary', ['text', { skipFull: true }], 'json-summary'],
      reportsDirectory: '.test-results/coverage',
      thresholds: {
        'packages/api/src/**': { lines: 90 },
        'packages/routing/src/**': { lines: 90 },
        'packages/queue/src/**': { lines: 90 },
      },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
