import type { SqlDatabase } from '../db/sql.ts';
import type { Config } from '../env.ts';
import type { Logger } from '../log.ts';
import type { SearchEngine } from './engine.ts';
import { createFallbackEngine } from './fallback-engine.ts';
import { createMeiliEngine } from './meili-engine.ts';
import { createPostgresEngine } from './postgres-engine.ts';

/**
 * The configured engine: Meilisearch when `MEILI_HOST` is set (with the Postgres engine kept
 * current behind it, answering while Meilisearch does not), else Postgres in the same database.
 */
export function createSearchEngine(
  config: Pick<Config, 'meili'>,
  sql: SqlDatabase,
  logger: Logger,
): SearchEngine {
  const postgres = createPostgresEngine(sql);
  return config.meili
    ? createFallbackEngine(
        createMeiliEngine({ host: config.meili.host, apiKey: config.meili.apiKey }),
        postgres,
        logger,
      )
    : postgres;
}
