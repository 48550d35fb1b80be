import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One graphql realm for our files and the libraries (see packages/schema/vitest.config.ts).
const graphql = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  test: {
    include: ['e2e/**/*.test.ts'],
    // The server's setup migrates one template database per run, which every file copies.
    globalSetup: [fileURLToPath(new URL('../apps/server/test/support/global-setup.ts', import.meta.url))],
    pool: 'forks',
    // Browser and Next.js processes are heavy: one file at a time on a 2-core machine.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
