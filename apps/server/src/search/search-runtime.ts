import type { Database } from '../db/database.ts';
import type { Config } from '../env.ts';
import type { Logger } from '../log.ts';
import type { SearchEngine } from './engine.ts';
import { createIndexer, type Indexer, type IndexerOptions } from './indexer.ts';
import { reindex } from './reindex.ts';
import { createSearchEngine } from './search-engine.ts';

export interface SearchRuntimeOptions extends IndexerOptions {
  /** Start the background indexer. Tests turn it off to drive `indexer.drain()` themselves. @default true */
  autoIndex?: boolean;
  /** Use this engine instead of the configured one (tests: an unreachable Meilisearch). */
  engine?: SearchEngine;
}

/** The search engine the schema reads and the indexer that feeds it from the outbox. */
export interface SearchRuntime {
  readonly engine: SearchEngine;
  readonly indexer: Indexer;
  stop(): Promise<void>;
}

/**
 * Sets up the configured engine and starts its indexer. An engine that is down does not stop
 * the server: writes go on filling the outbox, and the indexer catches up when it returns.
 * An empty index over a database with content (a new Meilisearch, a wiped index) is rebuilt.
 */
export async function startSearch(
  config: Pick<Config, 'meili'>,
  db: Database,
  logger: Logger,
  options: SearchRuntimeOptions = {},
): Promise<SearchRuntime> {
  const engine = options.engine ?? createSearchEngine(config, db.sql, logger);
  const indexer = createIndexer(db.sql, engine, logger, options);
  let bootstrap: Promise<void> = Promise.resolve();
  try {
    await engine.setup();
    if ((await engine.count()) === 0 && (await indexer.pending()) === 0 && (await hasContent(db))) {
      logger.info(`search: the ${engine.name} index is empty; rebuilding it from the database`);
      bootstrap = reindex(db.sql, engine).then(
        (report) => logger.info(`search: indexed ${report.documents} documents`),
        (error: unknown) => logger.warn(`search: rebuilding the index failed: ${String(error)}`),
      );
    }
  } catch (error) {
    logger.warn(
      `search: ${engine.name} is not reachable (${error instanceof Error ? error.message : String(error)}); writes go on, the index catches up when it returns`,
    );
  }
  let stopped = false;
  if (options.autoIndex ?? true)
    void bootstrap.then(() => {
      if (!stopped) indexer.start();
    });
  return {
    engine,
    indexer,
    async stop() {
      stopped = true;
      await bootstrap;
      await indexer.stop();
    },
  };
}

async function hasContent(db: Database): Promise<boolean> {
  const [row] = await db.sql.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "topics") OR EXISTS (SELECT 1 FROM "users" WHERE "kind" = 'EMPLOYEE') AS found`,
  );
  return row?.found ?? false;
}
