import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One graphql realm for our files and the libraries (see packages/schema/vitest.config.ts).
const graphql = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Each file owns a database; two at a time suits a 2-core machine and PGlite's memory.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
