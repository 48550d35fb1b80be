import { isAbsolute, resolve } from 'node:path';
import type { DatabaseConfig } from './db/database.ts';
import { DEFAULT_TRUSTED_PROXIES, isTrustedProxyEntry } from './limits/client-address.ts';
import { repoRoot } from './paths.ts';

/**
 * Every setting of the server, read from the environment in this one module and validated
 * at start. A bad value stops start-up with one line naming the variable, what is wrong
 * with it and an example (see `ConfigError`). Documented in README.md, Configuration.
 */
export interface Config {
  /** HTTP and WebSocket port. @default 4000 */
  port: number;
  /** Interface to listen on. @default "0.0.0.0" */
  host: string;
  /** PostgreSQL when `DATABASE_URL` is set; otherwise embedded PGlite under `PARLEY_DATA_DIR`. */
  database: DatabaseConfig;
  /** Redis for realtime fan-out and rate limits across instances; in-process when unset. */
  redisUrl: string | undefined;
  /** Meilisearch; Postgres full-text search in the same database when unset. */
  meili: { host: string; apiKey: string | undefined } | undefined;
  /** Where people reach the portal; used for links in feeds, webhooks and notifications. @default "http://localhost:3000" */
  publicUrl: string;
  /** Created (or updated) as an admin account at start, when both variables are set. */
  admin: { email: string; password: string } | undefined;
  /** Seed the demo community into an empty database at start. @default true */
  seedDemo: boolean;
  logLevel: LogLevel;
  /**
   * Requests per minute on /graphql, by who asks. `readConfig` always sets it; a Config built
   * by hand without it (a benchmark) is not rate limited.
   */
  rateLimits?: RateLimitsConfig | undefined;
  /** @default defaultWebhooksConfig */
  webhooks?: WebhooksConfig | undefined;
  /**
   * Connections from these addresses may say whose request they forward (`X-Forwarded-For`),
   * which per-address limits then count: the portal's `/api/graphql` pass-through, a load
   * balancer. `loopback`, addresses and CIDR ranges, comma-separated; `none` trusts no one.
   * `PARLEY_TRUSTED_PROXIES`. @default ["loopback"] (the portal runs beside the server)
   */
  trustedProxies?: readonly string[] | undefined;
  /** A JSON manifest of persisted operations (sha256 → query) the portal may send by hash. `PARLEY_PERSISTED_OPERATIONS`. */
  persistedOperationsFile?: string | undefined;
}

export interface RateLimitsConfig {
  /** Per API token. `PARLEY_RATE_LIMIT_TOKEN`. @default 600 */
  tokenPerMinute: number;
  /** Per signed-in person using a session (the portal). `PARLEY_RATE_LIMIT_SESSION`. @default 1200 */
  sessionPerMinute: number;
  /** Per client address, for anonymous requests. `PARLEY_RATE_LIMIT_ANONYMOUS`. @default 300 */
  anonymousPerMinute: number;
  /** Prefix of the counters' keys in Redis (tests give each run its own). @default "parley" */
  redisPrefix?: string;
}

export interface WebhooksConfig {
  /**
   * Deliver to loopback, private, link-local and other internal addresses. Off in production
   * (a webhook must not become a way into the company's network); tests turn it on.
   * `PARLEY_WEBHOOK_ALLOW_PRIVATE`. @default false
   */
  allowPrivateTargets: boolean;
  /** A customer topic waiting this long for an employee fires `topic.awaiting_employee_over_sla`. `PARLEY_WEBHOOK_SLA_MINUTES`. @default 60 */
  slaMinutes: number;
  /** How often the dispatcher looks for work (and for topics over the SLA, every 30 polls). @default 1000 */
  pollMs: number;
  /** The first retry waits this long, each next one twice as long (with jitter). @default 30000 */
  retryBaseMs: number;
  /** After this many failed attempts a delivery is FAILED (redeliver it by hand). @default 8 */
  maxAttempts: number;
  /** An endpoint that has not answered by then counts as failed. @default 10000 */
  timeoutMs: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
    example: string,
  ) {
    super(`${variable} ${problem} (example: ${variable}=${example})`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the configuration from `env`; throws `ConfigError` for the first bad variable. */
export function readConfig(env: Env): Config {
  const databaseUrl = optional(env, 'DATABASE_URL');
  const adminEmail = optional(env, 'PARLEY_ADMIN_EMAIL');
  const adminPassword = optional(env, 'PARLEY_ADMIN_PASSWORD');
  const meiliHost = optional(env, 'MEILI_HOST');

  return {
    port: integer(env, 'PORT', 4000, 0, 65535, '4000'),
    host: optional(env, 'HOST') ?? '0.0.0.0',
    database: databaseUrl
      ? {
          engine: 'postgres',
          url: url(
            env,
            'DATABASE_URL',
            ['postgres:', 'postgresql:'],
            'postgres://user:pass@localhost:5432/parley',
          ),
        }
      : { engine: 'pglite', dataDir: dataDir(env) },
    redisUrl:
      optional(env, 'REDIS_URL') && url(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://localhost:6379'),
    meili: meiliHost
      ? {
          host: url(env, 'MEILI_HOST', ['http:', 'https:'], 'http://localhost:7700'),
          apiKey: optional(env, 'MEILI_API_KEY'),
        }
      : undefined,
    publicUrl:
      (optional(env, 'PARLEY_PUBLIC_URL') &&
        url(env, 'PARLEY_PUBLIC_URL', ['http:', 'https:'], 'https://community.example.com')) ??
      'http://localhost:3000',
    admin: admin(adminEmail, adminPassword),
    seedDemo: boolean(env, 'PARLEY_SEED_DEMO', true),
    logLevel: oneOf(env, 'PARLEY_LOG_LEVEL', logLevels, 'info'),
    rateLimits: {
      tokenPerMinute: integer(env, 'PARLEY_RATE_LIMIT_TOKEN', 600, 1, 1_000_000, '600'),
      sessionPerMinute: integer(env, 'PARLEY_RATE_LIMIT_SESSION', 1200, 1, 1_000_000, '1200'),
      anonymousPerMinute: integer(env, 'PARLEY_RATE_LIMIT_ANONYMOUS', 300, 1, 1_000_000, '300'),
    },
    webhooks: {
      ...defaultWebhooksConfig,
      allowPrivateTargets: boolean(env, 'PARLEY_WEBHOOK_ALLOW_PRIVATE', false),
      slaMinutes: integer(env, 'PARLEY_WEBHOOK_SLA_MINUTES', 60, 1, 525_600, '60'),
    },
    persistedOperationsFile: optionalPath(env, 'PARLEY_PERSISTED_OPERATIONS'),
    trustedProxies: trustedProxies(env),
  };
}

export const defaultWebhooksConfig: WebhooksConfig = {
  allowPrivateTargets: false,
  slaMinutes: 60,
  pollMs: 1_000,
  retryBaseMs: 30_000,
  maxAttempts: 8,
  timeoutMs: 10_000,
};

function trustedProxies(env: Env): readonly string[] {
  const raw = optional(env, 'PARLEY_TRUSTED_PROXIES');
  if (raw === undefined) return DEFAULT_TRUSTED_PROXIES;
  if (raw.toLowerCase() === 'none') return [];
  const entries = raw.split(',').map((entry) => entry.trim().toLowerCase());
  const bad = entries.find((entry) => !isTrustedProxyEntry(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      'PARLEY_TRUSTED_PROXIES',
      `has "${bad}": expected loopback, an IP address or a CIDR range, comma-separated, or none`,
      'loopback,10.0.0.0/8',
    );
  }
  return entries;
}

function optionalPath(env: Env, name: string): string | undefined {
  const raw = optional(env, name);
  return raw === undefined ? undefined : isAbsolute(raw) ? raw : resolve(repoRoot, raw);
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  example: string,
): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `is "${raw}": expected a whole number from ${min} to ${max}`, example);
  }
  return Number(raw);
}

function url(env: Env, name: string, protocols: readonly string[], example: string): string {
  const raw = optional(env, name) ?? '';
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is "${redact(raw)}": not a URL`, example);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `is "${redact(raw)}": expected a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`,
      example,
    );
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `is "${raw}": expected true or false`, String(!fallback));
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  const match = values.find((value) => value === raw);
  if (!match) throw new ConfigError(name, `is "${raw}": expected one of ${values.join(', ')}`, fallback);
  return match;
}

function dataDir(env: Env): string {
  const raw = optional(env, 'PARLEY_DATA_DIR');
  if (raw === undefined) return resolve(repoRoot, '.parley/data');
  if (raw.startsWith('memory://')) return raw;
  // Relative paths are taken from the repository root, wherever npm runs the server from.
  return isAbsolute(raw) ? raw : resolve(repoRoot, raw);
}

function admin(email: string | undefined, password: string | undefined): Config['admin'] {
  if (email === undefined && password === undefined) return undefined;
  if (email === undefined) {
    throw new ConfigError(
      'PARLEY_ADMIN_EMAIL',
      'is missing: it is needed with PARLEY_ADMIN_PASSWORD',
      'admin@example.com',
    );
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new ConfigError('PARLEY_ADMIN_EMAIL', `is "${email}": not an email address`, 'admin@example.com');
  }
  if (password === undefined) {
    throw new ConfigError(
      'PARLEY_ADMIN_PASSWORD',
      'is missing: it is needed with PARLEY_ADMIN_EMAIL',
      'a-long-passphrase',
    );
  }
  if (password.length < 12) {
    throw new ConfigError(
      'PARLEY_ADMIN_PASSWORD',
      'is too short: use at least 12 characters',
      'a-long-passphrase',
    );
  }
  return { email: email.toLowerCase(), password };
}

/** Keeps credentials in URLs out of error messages and logs. */
function redact(value: string): string {
  return value.replace(/\/\/([^:/@]*):([^@]*)@/, '//$1:***@');
}

/** The process's configuration. The only read of `process.env` in the server. */
export function loadConfig(): Config {
  // biome-ignore lint/style/noProcessEnv: this module is where the environment is read.
  return readConfig(process.env);
}
