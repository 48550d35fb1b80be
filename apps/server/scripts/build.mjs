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
  packages: 'external',
  // Workspace packages are source, not built packages: bundle them in.
  plugins: [
    {
      name: 'bundle-workspace-packages',
      setup(build) {
        build.onResolve({ filter: /^@parley\// }, async (args) => {
          if (args.pluginData?.resolved) return undefined;
          const result = await build.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            pluginData: { resolved: true },
          });
          return { path: result.path, external: false };
        });
      },
    },
  ],
  logLevel: 'warning',
});
console.log('built dist/main.js');
