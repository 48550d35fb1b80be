import { type App, buildApp } from '@parley/server/app';
import type { DatabaseConfig } from '@parley/server/db/database';
import type { LogLevel } from '@parley/server/env';
import { createLogger } from '@parley/server/log';

/**
 * The real server as every benchmark runs it: a free loopback port, no Meilisearch, the default
 * request limits, logging only what goes wrong.
 */
export function benchApp(
  database: DatabaseConfig,
  options: {
    seedDemo?: boolean;
    redisUrl?: string | undefined;
    logLevel?: LogLevel;
    autoIndex?: boolean;
  } = {},
): App {
  const logLevel = options.logLevel ?? 'warn';
  return buildApp(
    {
      port: 0,
      host: '127.0.0.1',
      database,
      redisUrl: options.redisUrl,
      meili: undefined,
      publicUrl: 'http://localhost:3000',
      admin: undefined,
      seedDemo: options.seedDemo ?? false,
      logLevel,
    },
    { logger: createLogger(logLevel), search: { autoIndex: options.autoIndex ?? true } },
  );
}
