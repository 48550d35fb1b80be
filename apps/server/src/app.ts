import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { askDueCheckIns } from '@parley/schema/check-ins';
import type { Clock } from '@parley/schema/context';
import { useDatabase } from '@parley/schema/db';
import { schema } from '@parley/schema/index';
import { bootstrapAdmin } from './admin-bootstrap.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrate, readMigrations } from './db/migrations.ts';
import { seedIfEmpty } from './demo.ts';
import { type Config, defaultWebhooksConfig } from './env.ts';
import { createFeedRoute } from './feeds/feeds.ts';
import { checkHealth } from './health.ts';
import { json, type Route, withRoutes } from './http-routes.ts';
import { type InFlight, trackInFlight } from './in-flight.ts';
import { createClientAddressOf, DEFAULT_TRUSTED_PROXIES } from './limits/client-address.ts';
import { openLimitsRedis } from './limits/limits-redis.ts';
import { createRequestLimits } from './limits/request-limits.ts';
import { createLogger, type Logger } from './log.ts';
import { migrationsDir } from './paths.ts';
import { readPersistedOperations } from './persisted-operations.ts';
import { createParleyPubSub, type ParleyPubSub } from './pubsub.ts';
import { createRateLimits } from './rate-limits.ts';
import { checkSearchHealth } from './search/search-health.ts';
import { type SearchRuntime, type SearchRuntimeOptions, startSearch } from './search/search-runtime.ts';
import { attachSubscriptions } from './subscriptions-server.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.ts';
import { createWebhookTargets } from './webhooks/target.ts';
import { createParleyYoga, type ParleyYoga } from './yoga.ts';

export interface AppOptions {
  /** @default the system clock */
  clock?: Clock;
  /** @default a logger at `config.logLevel` */
  logger?: Logger;
  /** Sees every SQL statement the API runs (tests count them). */
  onQuery?: (sql: string) => void;
  /** Search indexer settings (tests drive the indexer themselves). */
  search?: SearchRuntimeOptions;
}

export interface App {
  /** The GraphQL endpoint, known once started (the port may be 0 in tests). */
  readonly url: string;
  readonly database: Database;
  readonly yoga: ParleyYoga;
  /** The search engine and the indexer feeding it from the outbox. */
  readonly search: SearchRuntime;
  /** Live events: how many subscriptions listen on a channel, and whether Redis is reachable. */
  readonly realtime: Pick<ParleyPubSub, 'listeners' | 'status'>;
  /** Opens the database, applies pending migrations, seeds an empty one (if configured) and listens. */
  start(): Promise<void>;
  /** Stops accepting requests, lets running ones finish, then closes the database. */
  stop(): Promise<void>;
  /** Asks the authors whose “Still happening?” check-in is due (the server does it every minute). */
  askDueCheckIns(): Promise<number>;
}

const CHECK_IN_EVERY_MS = 60_000;
/** How long a stopping server waits for requests it is still answering before it closes the database. */
const DRAIN_MS = 10_000;

const systemClock: Clock = { now: () => new Date() };

export function buildApp(config: Config, options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  let database: Database | undefined;
  let yoga: ParleyYoga | undefined;
  let search: SearchRuntime | undefined;
  let server: Server | undefined;
  let requests: InFlight | undefined;
  let sockets: { close(): Promise<void> } | undefined;
  let realtime: ParleyPubSub | undefined;
  let limitsRedis: { close(): Promise<void> } | undefined;
  let webhooks: WebhookDispatcher | undefined;
  let checkIns: NodeJS.Timeout | undefined;
  let url = '';

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The app is not started: ${what} is not available yet.`);
    return value;
  };

  return {
    get url() {
      return started(url || undefined, 'url');
    },
    get database() {
      return started(database, 'database');
    },
    get yoga() {
      return started(yoga, 'yoga');
    },
    get search() {
      return started(search, 'search');
    },
    get realtime() {
      return started(realtime, 'realtime');
    },

    async start() {
      const db = await openDatabase(config.database, options.onQuery ? { onQuery: options.onQuery } : {});
      database = db;
      try {
        const report = await migrate(db.sql, readMigrations(migrationsDir));
        if (report.applied.length > 0) logger.info(`applied migrations: ${report.applied.join(', ')}`);
        useDatabase(db.prisma);
        if (config.seedDemo) await seedIfEmpty(db.prisma, clock, logger);
        const bootstrapped = config.admin
          ? await bootstrapAdmin(db.prisma, config.admin, clock.now(), logger)
          : { revokedUserId: null };
        const searching = await startSearch(config, db, logger, options.search);
        search = searching;

        const live = createParleyPubSub(config.redisUrl, logger);
        realtime = live;
        // Sockets of the sessions and tokens the bootstrap just revoked, open on other instances, close.
        if (bootstrapped.revokedUserId !== null)
          live.pubsub.publish('access', bootstrapped.revokedUserId, {});
        const redis = config.redisUrl ? openLimitsRedis(config.redisUrl, logger) : undefined;
        limitsRedis = redis;
        const namespace = config.rateLimits?.redisPrefix ?? 'parley';
        const requestLimits = createRequestLimits(config.rateLimits, redis?.client, namespace);
        const clientAddressOf = createClientAddressOf(config.trustedProxies ?? DEFAULT_TRUSTED_PROXIES);
        const webhookConfig = config.webhooks ?? defaultWebhooksConfig;
        const webhookTargets = createWebhookTargets(webhookConfig.allowPrivateTargets);
        const app = createParleyYoga({
          schema,
          requestLimits,
          clientAddressOf,
          persistedOperations: readPersistedOperations(config.persistedOperationsFile),
          services: {
            clock,
            limits: createRateLimits(redis?.client, namespace),
            pubsub: live.pubsub,
            search: searching.engine,
            webhookTargets,
            onPublishError: (error) => logger.warn(`live event not published: ${String(error)}`),
          },
          logger,
          publicUrl: config.publicUrl,
        });
        yoga = app;
        const routes: Record<string, Route> = {
          '/health': async () => {
            const health = await checkHealth(db, live.status());
            return json(health, health.status === 'ok' ? 200 : 503);
          },
          '/health/search': async () => {
            const health = await checkSearchHealth(searching, db.sql);
            return json(health, health.status === 'ok' ? 200 : 503);
          },
          '/feeds/': createFeedRoute(db.prisma, config.publicUrl, () => url),
        };
        requests = trackInFlight(withRoutes(routes, app));
        const http = createServer(requests.listener);
        server = http;
        sockets = attachSubscriptions(http, app, {
          clock,
          logger,
          pubsub: live.pubsub,
          onResumed: (listener) => live.onResumed(listener),
          requestLimits,
          clientAddressOf,
        });
        await new Promise<void>((resolve, reject) => {
          http.once('error', reject);
          http.listen(config.port, config.host, () => {
            http.off('error', reject);
            resolve();
          });
        });
        const { port } = http.address() as AddressInfo;
        const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
        url = `http://${host}:${port}/graphql`;
        webhooks = createWebhookDispatcher({
          prisma: db.prisma,
          sql: db.sql,
          config: webhookConfig,
          publicUrl: config.publicUrl,
          clock,
          logger,
          targets: webhookTargets,
        });
        webhooks.start();
        checkIns = setInterval(() => {
          this.askDueCheckIns().catch((error: unknown) =>
            logger.warn(`check-ins not sent: ${String(error)}`),
          );
        }, CHECK_IN_EVERY_MS);
        checkIns.unref();
        logger.info(
          `Parley is serving ${url} (and subscriptions over WebSocket, ${live.transport}) on ${db.engine === 'pglite' ? `embedded PGlite (${db.location})` : `PostgreSQL (${db.location})`}`,
        );
      } catch (error) {
        await this.stop();
        throw error;
      }
    },

    askDueCheckIns() {
      const live = started(realtime, 'realtime');
      return askDueCheckIns({ clock, pubsub: live.pubsub });
    },

    async stop() {
      clearInterval(checkIns);
      checkIns = undefined;
      await webhooks?.stop();
      webhooks = undefined;
      await sockets?.close();
      sockets = undefined;
      const http = server;
      server = undefined;
      if (http) {
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeIdleConnections();
        });
      }
      // A client that hung up leaves its request running: let it finish before the database goes.
      await requests?.drained(DRAIN_MS);
      requests = undefined;
      await search?.stop();
      search = undefined;
      await realtime?.close();
      realtime = undefined;
      await limitsRedis?.close();
      limitsRedis = undefined;
      const db = database;
      database = undefined;
      yoga = undefined;
      url = '';
      if (db) await db.close();
    },
  };
}
