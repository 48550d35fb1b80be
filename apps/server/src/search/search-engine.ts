import type { SqlDatabase } from '../db/sql.ts';
import type { Config } from '../env.ts';
import type { SearchEngine } from './engine.ts';
import { createMeiliEngine } from './meili-engine.ts';
import { createPostgresEngine } from './postgres-engine.ts';

/** The configured engine: Meilisearch when `MEILI_HOST` is set, else Postgres in the same database. */
export function createSearchEngine(config: Pick<Config, 'meili'>, sql: SqlDatabase): SearchEngine {
  return config.meili
    ? createMeiliEngine({ host: config.meili.host, apiKey: config.meili.apiKey })
    : createPostgresEngine(sql);
}
