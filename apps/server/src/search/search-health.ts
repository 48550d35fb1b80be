import type { SqlExecutor } from '../db/sql.ts';
import type { SearchRuntime } from './search-runtime.ts';

export interface SearchHealth {
  status: 'ok' | 'unavailable';
  engine: 'postgres' | 'meilisearch';
  /** Why the engine is not answering, when it is not. */
  error?: string;
  outbox: {
    /** Changes not yet searchable. */
    pending: number;
    /** How long the oldest of them has waited. */
    oldestPendingSeconds: number | null;
    /** The engine's last refusal, while rows are being retried. */
    lastError: string | null;
  };
}

/**
 * What `/health/search` reports. Separate from `/health`: a search outage degrades search
 * only, so it must not take the instance out of a load balancer.
 */
export async function checkSearchHealth(search: SearchRuntime, sql: SqlExecutor): Promise<SearchHealth> {
  const [engine, [outbox]] = await Promise.all([
    search.engine.health(),
    sql.query<{ pending: number; oldest: number | null; last_error: string | null }>(
      `SELECT count(*)::int AS pending,
              extract(epoch FROM now() - min("created_at"))::float8 AS oldest,
              (SELECT "last_error" FROM "search_outbox" WHERE "processed_at" IS NULL AND "last_error" IS NOT NULL
                ORDER BY "id" LIMIT 1) AS last_error
         FROM "search_outbox" WHERE "processed_at" IS NULL`,
    ),
  ]);
  return {
    status: engine.ok ? 'ok' : 'unavailable',
    engine: search.engine.name,
    ...(engine.detail ? { error: engine.detail } : {}),
    outbox: {
      pending: outbox?.pending ?? 0,
      oldestPendingSeconds: outbox?.oldest == null ? null : Math.round(outbox.oldest),
      lastError: outbox?.last_error ?? null,
    },
  };
}
