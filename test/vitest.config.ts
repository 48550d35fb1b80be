import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
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
