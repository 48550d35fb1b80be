import type { SqlDatabase } from '../db/sql.ts';
import { loadDocuments } from './document.ts';
import type { SearchEngine } from './engine.ts';

export interface ReindexReport {
  documents: number;
  milliseconds: number;
}

/**
 * Rebuilds the engine's index from the database: empties it, then indexes every topic (with
 * its replies) and every employee in batches. Outbox rows written before the rebuild began
 * are covered by it and marked done; rows written during it are drained afterwards as usual.
 */
export async function reindex(
  sql: SqlDatabase,
  engine: SearchEngine,
  options: { batchSize?: number; onProgress?: (documents: number) => void } = {},
): Promise<ReindexReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 500;
  const [mark] = await sql.query<{ id: string }>(
    `SELECT coalesce(max("id"), 0)::text AS id FROM "search_outbox"`,
  );
  await engine.setup();
  await engine.clear();
  let documents = 0;
  for (const [type, table] of [
    ['TOPIC', 'topics'],
    ['PERSON', 'users'],
  ] as const) {
    let after = 0;
    for (;;) {
      const rows = await sql.query<{ id: number }>(
        `SELECT "id" FROM "${table}" WHERE "id" > $1 ORDER BY "id" LIMIT $2`,
        [after, batchSize],
      );
      if (rows.length === 0) break;
      after = rows.at(-1)?.id ?? after;
      const changes = await loadDocuments(
        sql,
        rows.map((row) => ({ type, id: row.id })),
      );
      await engine.index(changes.upserts);
      documents += changes.upserts.length;
      options.onProgress?.(documents);
    }
  }
  await sql.query(
    `UPDATE "search_outbox" SET "processed_at" = now(), "last_error" = NULL
      WHERE "processed_at" IS NULL AND "id" <= $1::bigint`,
    [mark?.id ?? '0'],
  );
  return { documents, milliseconds: performance.now() - started };
}
