import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql ships CJS (main) and ESM (module) builds. Pothos and yoga load the CJS one through
// Node; without this alias Vite hands our own files the ESM one, and two graphql realms collide.
const graphql = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  test: { include: ['test/**/*.test.ts'] },
});
