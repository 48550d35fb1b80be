import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` (and CI) check the portal strictly; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  // Profiles live at /@handle (the server's feeds and webhooks link there); folders named @x
  // are parallel-route slots in the app router, so the page itself lives under /people.
  rewrites: async () => [{ source: '/@:handle', destination: '/people/:handle' }],
};

export default config;
