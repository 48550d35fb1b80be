import type { SqlDatabase } from '../db/sql.ts';
import type { Logger } from '../log.ts';
import { type DocumentRef, loadDocuments } from './document.ts';
import { applyChanges, type SearchEngine } from './engine.ts';

export interface IndexerOptions {
  /** Outbox rows taken per round. @default 500 */
  batchSize?: number;
  /** How long to wait before looking again when the outbox is empty. @default 250 (ms) */
  idleMs?: number;
  /** The longest wait between retries while the engine fails. @default 60000 (ms) */
  maxBackoffMs?: number;
}

export interface DrainReport {
  /** Outbox rows marked done. */
  processed: number;
  /** Rows still waiting (after a failure, or beyond `maxRounds`). */
  pending: number;
  /** The engine's error when a round failed. */
  error?: string;
}

export interface Indexer {
  /** Starts draining in the background. */
  start(): void;
  /** Stops the background loop, letting a running round finish. */
  stop(): Promise<void>;
  /**
   * Drains the outbox now, ignoring retry backoff, until it is empty or a round fails (tests,
   * `search:reindex`, shutdown).
   */
  drain(): Promise<DrainReport>;
  /** Outbox rows not yet indexed. */
  pending(): Promise<number>;
  readonly running: boolean;
}

/** One indexer per database at a time, across server instances (a session advisory lock). */
const INDEXER_LOCK = 0x5ea4c4;

interface OutboxRow {
  id: string;
  entity: DocumentRef['type'];
  entity_id: number;
  attempts: number;
}

/**
 * Drains the search outbox into the engine: in id order, in batches, each batch indexed from
 * the current rows and then marked done. When the engine fails the batch stays pending with
 * a growing delay (0.5 s doubling to `maxBackoffMs`) and the error recorded; nothing is lost
 * and writes never wait for it. Rows survive restarts in the outbox table.
 */
export function createIndexer(
  sql: SqlDatabase,
  engine: SearchEngine,
  logger: Logger,
  options: IndexerOptions = {},
): Indexer {
  const batchSize = options.batchSize ?? 500;
  const idleMs = options.idleMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;
  let lastCleanup = 0;
  // One round at a time within this process (the background loop and explicit drains).
  let queue: Promise<unknown> = Promise.resolve();

  async function round(ignoreBackoff: boolean): Promise<{ processed: number; error?: string }> {
    return sql.withConnection(async (connection) => {
      const [lock] = await connection.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [INDEXER_LOCK],
      );
      if (!lock?.locked) return { processed: 0 };
      try {
        const rows = await connection.query<OutboxRow>(
          // Ordered by the bigint column, not the text `id` it is read as ('10' sorts before '9'),
          // which also lets the pending-rows index answer without reading the processed ones.
          `SELECT "id"::text AS id, "entity"::text AS entity, "entity_id", "attempts" FROM "search_outbox"
            WHERE "processed_at" IS NULL AND ($2::boolean OR "next_attempt_at" <= now())
            ORDER BY "search_outbox"."id" LIMIT $1`,
          [batchSize, ignoreBackoff],
        );
        if (rows.length === 0) return { processed: 0 };
        const ids = rows.map((row) => row.id);
        try {
          const changes = await loadDocuments(
            connection,
            rows.map((row) => ({ type: row.entity, id: row.entity_id })),
          );
          await applyChanges(engine, changes);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const attempts = Math.max(...rows.map((row) => row.attempts)) + 1;
          const delay = Math.min(maxBackoffMs, 500 * 2 ** Math.min(attempts - 1, 20));
          await connection.query(
            `UPDATE "search_outbox" SET "attempts" = "attempts" + 1, "last_error" = left($2, 1000),
                    "next_attempt_at" = now() + make_interval(secs => $3::float8 / 1000)
              WHERE "id" = ANY($1::bigint[])`,
            [ids, message, delay],
          );
          if (!failing)
            logger.warn(`search indexer: ${engine.name} failed (${message}); retrying, nothing is lost`);
          failing = true;
          return { processed: 0, error: message };
        }
        await connection.query(
          `UPDATE "search_outbox" SET "processed_at" = now(), "last_error" = NULL WHERE "id" = ANY($1::bigint[])`,
          [ids],
        );
        if (failing) logger.info(`search indexer: ${engine.name} is back; catching up`);
        failing = false;
        if (Date.now() - lastCleanup > 3_600_000) {
          lastCleanup = Date.now();
          await connection.query(
            `DELETE FROM "search_outbox" WHERE "processed_at" < now() - interval '1 day'`,
          );
        }
        return { processed: rows.length };
      } finally {
        await connection.query('SELECT pg_advisory_unlock($1)', [INDEXER_LOCK]);
      }
    });
  }

  function serialised(ignoreBackoff: boolean) {
    const run = queue.then(() => round(ignoreBackoff));
    queue = run.catch(() => undefined);
    return run;
  }

  async function pending(): Promise<number> {
    const [row] = await sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "search_outbox" WHERE "processed_at" IS NULL`,
    );
    return row?.count ?? 0;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  async function background(): Promise<void> {
    while (running) {
      let processed = 0;
      try {
        processed = (await serialised(false)).processed;
      } catch (error) {
        logger.warn(`search indexer: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (running && processed === 0) await sleep(idleMs);
    }
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      loop = background();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      loop = undefined;
      await queue;
    },
    async drain() {
      let processed = 0;
      for (;;) {
        const result = await serialised(true);
        processed += result.processed;
        if (result.error !== undefined) return { processed, pending: await pending(), error: result.error };
        if (result.processed === 0) return { processed, pending: await pending() };
      }
    },
    pending,
  };
}
