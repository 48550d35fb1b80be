import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/env.ts';
import { repoRoot } from '../src/paths.ts';
import { childPath } from './support/test-env.ts';

function problem(env: Record<string, string>): string {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configuration', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      database: { engine: 'pglite', dataDir: `${repoRoot}.parley/data` },
      redisUrl: undefined,
      meili: undefined,
      publicUrl: 'http://localhost:3000',
      admin: undefined,
      seedDemo: true,
      logLevel: 'info',
    });
  });

  it('reads every setting', () => {
    const config = readConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://parley:secret@db:5432/parley',
      REDIS_URL: 'redis://cache:6379',
      MEILI_HOST: 'http://search:7700',
      MEILI_API_KEY: 'key',
      PARLEY_PUBLIC_URL: 'https://community.example.com',
      PARLEY_ADMIN_EMAIL: 'Admin@Example.com',
      PARLEY_ADMIN_PASSWORD: 'correct horse battery',
      PARLEY_SEED_DEMO: 'false',
      PARLEY_LOG_LEVEL: 'warn',
      PARLEY_TRUSTED_PROXIES: '10.0.0.0/8',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      database: { engine: 'postgres', url: 'postgres://parley:secret@db:5432/parley' },
      redisUrl: 'redis://cache:6379',
      meili: { host: 'http://search:7700', apiKey: 'key' },
      publicUrl: 'https://community.example.com',
      admin: { email: 'admin@example.com', password: 'correct horse battery' },
      seedDemo: false,
      logLevel: 'warn',
      rateLimits: { tokenPerMinute: 600, sessionPerMinute: 1200, anonymousPerMinute: 300 },
      webhooks: expect.objectContaining({ allowPrivateTargets: false, slaMinutes: 60 }),
      trustedProxies: ['10.0.0.0/8'],
    });
  });

  it('trusts X-Forwarded-For from loopback unless told otherwise', () => {
    expect(readConfig({}).trustedProxies).toEqual(['loopback']);
    expect(readConfig({ PARLEY_TRUSTED_PROXIES: ' 10.0.0.0/8, fd00::/8 ,192.0.2.1' }).trustedProxies).toEqual(
      ['10.0.0.0/8', 'fd00::/8', '192.0.2.1'],
    );
    expect(readConfig({ PARLEY_TRUSTED_PROXIES: 'none' }).trustedProxies).toEqual([]);
  });

  it('resolves a relative data directory from the repository root', () => {
    expect(readConfig({ PARLEY_DATA_DIR: 'var/db' }).database).toEqual({
      engine: 'pglite',
      dataDir: `${repoRoot}var/db`,
    });
    expect(readConfig({ PARLEY_DATA_DIR: '/srv/parley' }).database).toEqual({
      engine: 'pglite',
      dataDir: '/srv/parley',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT is "abc": expected a whole number from 0 to 65535 (example: PORT=4000)'],
    [{ PORT: '70000' }, 'PORT is "70000": expected a whole number from 0 to 65535 (example: PORT=4000)'],
    [
      { DATABASE_URL: 'mysql://localhost/x' },
      'DATABASE_URL is "mysql://localhost/x": expected a postgres:// or postgresql:// URL (example: DATABASE_URL=postgres://user:pass@localhost:5432/parley)',
    ],
    [
      { DATABASE_URL: 'not a url' },
      'DATABASE_URL is "not a url": not a URL (example: DATABASE_URL=postgres://user:pass@localhost:5432/parley)',
    ],
    [
      { REDIS_URL: 'http://cache' },
      'REDIS_URL is "http://cache": expected a redis:// or rediss:// URL (example: REDIS_URL=redis://localhost:6379)',
    ],
    [
      { MEILI_HOST: 'search:7700' },
      'MEILI_HOST is "search:7700": expected a http:// or https:// URL (example: MEILI_HOST=http://localhost:7700)',
    ],
    [
      { PARLEY_PUBLIC_URL: 'ftp://x' },
      'PARLEY_PUBLIC_URL is "ftp://x": expected a http:// or https:// URL (example: PARLEY_PUBLIC_URL=https://community.example.com)',
    ],
    [
      { PARLEY_SEED_DEMO: 'maybe' },
      'PARLEY_SEED_DEMO is "maybe": expected true or false (example: PARLEY_SEED_DEMO=false)',
    ],
    [
      { PARLEY_LOG_LEVEL: 'loud' },
      'PARLEY_LOG_LEVEL is "loud": expected one of debug, info, warn, error, silent (example: PARLEY_LOG_LEVEL=info)',
    ],
    [
      { PARLEY_ADMIN_EMAIL: 'admin@example.com' },
      'PARLEY_ADMIN_PASSWORD is missing: it is needed with PARLEY_ADMIN_EMAIL (example: PARLEY_ADMIN_PASSWORD=a-long-passphrase)',
    ],
    [
      { PARLEY_ADMIN_PASSWORD: 'long enough password' },
      'PARLEY_ADMIN_EMAIL is missing: it is needed with PARLEY_ADMIN_PASSWORD (example: PARLEY_ADMIN_EMAIL=admin@example.com)',
    ],
    [
      { PARLEY_ADMIN_EMAIL: 'nobody', PARLEY_ADMIN_PASSWORD: 'long enough password' },
      'PARLEY_ADMIN_EMAIL is "nobody": not an email address (example: PARLEY_ADMIN_EMAIL=admin@example.com)',
    ],
    [
      { PARLEY_TRUSTED_PROXIES: 'loopback,10.0.0.0/33' },
      'PARLEY_TRUSTED_PROXIES has "10.0.0.0/33": expected loopback, an IP address or a CIDR range, comma-separated, or none (example: PARLEY_TRUSTED_PROXIES=loopback,10.0.0.0/8)',
    ],
    [
      { PARLEY_ADMIN_EMAIL: 'a@b.co', PARLEY_ADMIN_PASSWORD: 'short' },
      'PARLEY_ADMIN_PASSWORD is too short: use at least 12 characters (example: PARLEY_ADMIN_PASSWORD=a-long-passphrase)',
    ],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(problem(env)).toBe(message);
  });

  it('never prints a password from a URL', () => {
    expect(problem({ DATABASE_URL: 'mysql://me:hunter2@db/x' })).not.toContain('hunter2');
  });

  // The real process: one line on stderr, exit code 1, no stack trace.
  it.each([
    [
      'PORT',
      'abc',
      'Configuration error: PORT is "abc": expected a whole number from 0 to 65535 (example: PORT=4000)',
    ],
    ['DATABASE_URL', 'mysql://localhost/x', 'Configuration error: DATABASE_URL is "mysql://localhost/x"'],
    ['PARLEY_LOG_LEVEL', 'loud', 'Configuration error: PARLEY_LOG_LEVEL is "loud"'],
  ])('stops start-up on a bad %s with exit code 1', (variable, value, expected) => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', main, 'start'], {
      env: { PATH: childPath, [variable]: value },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
