// The test harness's one read of the environment: which database engine the suite runs on.
// biome-ignore lint/style/noProcessEnv: the test harness's configuration lives here.
const env = process.env;

/** PostgreSQL server to create throwaway databases on; unset means embedded PGlite. */
export const postgresUrl: string | undefined = env.DATABASE_URL || undefined;
export const engine: 'postgres' | 'pglite' = postgresUrl ? 'postgres' : 'pglite';
/** Child processes get only the PATH, so their configuration is exactly what a test passes. */
export const childPath: string | undefined = env.PATH;
export const redisUrl: string | undefined = env.REDIS_URL || undefined;
/** Chromium for browser tests: Debian's package, never a tool's own download. */
export const chromiumPath: string = env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Meilisearch for the search contract suite; it is skipped (and says so) when unset. */
export const meiliHost: string | undefined = env.MEILI_HOST || undefined;
export const meiliApiKey: string | undefined = env.MEILI_API_KEY || undefined;
