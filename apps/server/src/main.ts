import { buildApp } from './app.ts';
import { openDatabase } from './db/database.ts';
import { MigrationError, migrate, readMigrations } from './db/migrations.ts';
import { DataDirInUseError } from './db/pglite.ts';
import { resetDatabase } from './db/reset.ts';
import { isEmpty, seedDemo } from './demo.ts';
import { ConfigError, loadConfig } from './env.ts';
import { createLogger } from './log.ts';
import { migrationsDir } from './paths.ts';
import { reindex } from './search/reindex.ts';
import { createSearchEngine } from './search/search-engine.ts';

const usage = `Usage: parley-server <command>

Commands:
  start           migrate, seed an empty database (unless PARLEY_SEED_DEMO=false), serve
  migrate         apply pending migrations and exit
  seed [--reset]  seed the demo community into an empty database; --reset empties it first
  search:reindex  rebuild the search index (Postgres, or Meilisearch with MEILI_HOST) from the database`;

async function main(args: string[]): Promise<number> {
  const [command = 'start', ...flags] = args;
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const clock = { now: () => new Date() };

  switch (command) {
    case 'start': {
      const app = buildApp(config, { logger, clock });
      await app.start();
      const shutdown = async (signal: string) => {
        logger.info(`${signal}: shutting down`);
        await app.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      return -1; // keep running
    }
    case 'migrate': {
      const database = await openDatabase(config.database);
      try {
        const report = await migrate(database.sql, readMigrations(migrationsDir));
        logger.info(
          report.applied.length > 0
            ? `applied ${report.applied.length} migration(s): ${report.applied.join(', ')}`
            : `the database is up to date (${report.alreadyApplied} migrations applied)`,
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'seed': {
      const database = await openDatabase(config.database);
      try {
        await migrate(database.sql, readMigrations(migrationsDir));
        if (flags.includes('--reset')) {
          await resetDatabase(database.sql);
          logger.warn('emptied every table before seeding (--reset)');
        } else if (!(await isEmpty(database.prisma))) {
          logger.warn(
            'the database already has a community; not seeding. Use `npm run db:seed -- --reset` to start over.',
          );
          return 0;
        }
        await seedDemo(database.prisma, clock, logger);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'search:reindex': {
      const database = await openDatabase(config.database);
      try {
        await migrate(database.sql, readMigrations(migrationsDir));
        const engine = createSearchEngine(config, database.sql, logger);
        logger.info(`search: rebuilding the ${engine.name} index from the database…`);
        let nextReport = 10_000;
        const report = await reindex(database.sql, engine, {
          onProgress: (documents) => {
            if (documents < nextReport) return;
            logger.info(`search: ${documents} documents indexed`);
            nextReport += 10_000;
          },
        });
        logger.info(
          `search: rebuilt the ${engine.name} index: ${report.documents} documents in ${(report.milliseconds / 1000).toFixed(1)} s`,
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    // Expected failures get one clear line; anything else keeps its stack for the bug report.
    if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}\n`);
    else if (error instanceof MigrationError) process.stderr.write(`Migration error: ${error.message}\n`);
    else if (error instanceof DataDirInUseError) process.stderr.write(`Database error: ${error.message}\n`);
    else
      process.stderr.write(
        `Parley failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exit(1);
  },
);
