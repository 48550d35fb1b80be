import { type App, type AppOptions, buildApp } from '../../src/app.ts';
import { type Config, defaultWebhooksConfig } from '../../src/env.ts';
import { createLogger } from '../../src/log.ts';
import type { TestDatabase } from './test-database.ts';

/** A server on a free port over the given database, quiet unless something goes wrong. */
export function testConfig(database: TestDatabase['config'], overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    database,
    redisUrl: undefined,
    meili: undefined,
    publicUrl: 'http://localhost:3000',
    admin: undefined,
    seedDemo: false,
    logLevel: 'warn',
    rateLimits: { tokenPerMinute: 100_000, sessionPerMinute: 100_000, anonymousPerMinute: 100_000 },
    // Receivers in tests listen on loopback; deliveries retry at once instead of after 30 s.
    webhooks: {
      ...defaultWebhooksConfig,
      allowPrivateTargets: true,
      pollMs: 25,
      retryBaseMs: 20,
      timeoutMs: 2_000,
    },
    ...overrides,
  };
}

export async function startTestApp(config: Config, options: AppOptions = {}): Promise<App> {
  const app = buildApp(config, { logger: createLogger(config.logLevel), ...options });
  await app.start();
  return app;
}
