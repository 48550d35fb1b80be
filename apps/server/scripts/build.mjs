// Bundles the server (and the workspace packages it imports as TypeScript source) into
// dist/main.js; npm packages stay external and load from node_modules.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // npm packages stay external; workspace packages are TypeScript source, so they are bundled in.
  plugins: [
    {
      name: 'external-npm-packages',
      setup(build) {
        // Go regular expressions have no lookahead, so the @parley/ exception is tested here.
        build.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  logLevel: 'warning',
});
console.log('built dist/main.js');
