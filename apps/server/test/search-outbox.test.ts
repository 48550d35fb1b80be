import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';
import type { SearchEngine } from '../src/search/engine.ts';
import { createIndexer } from '../src/search/indexer.ts';
import { createMeiliEngine } from '../src/search/meili-engine.ts';
import { createPostgresEngine } from '../src/search/postgres-engine.ts';
import { reindex } from '../src/search/reindex.ts';
import { labels, startTopic } from './search/contract.ts';
import { HideTopic, Reply } from './search/operations.ts';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';

const quiet = createLogger('silent');

/** The real Postgres engine, whose writes fail while `down` is set (reads keep working). */
function flaky(engine: SearchEngine) {
  const state = { down: false, writes: 0 };
  const fail = () => {
    state.writes++;
    if (state.down) throw new Error('connect ECONNREFUSED (the engine is down)');
  };
  const wrapped: SearchEngine = {
    ...engine,
    async index(documents) {
      fail();
      await engine.index(documents);
    },
    async remove(refs) {
      fail();
      await engine.remove(refs);
    },
  };
  return { engine: wrapped, state };
}

let api: ApiTest;
let customer: Actor;
let moderator: Actor;
let engine: ReturnType<typeof flaky>;

beforeAll(async () => {
  // The indexer only runs when a test drains it, so every step is deterministic.
  api = await startApiTest({ search: { autoIndex: false } });
  engine = flaky(createPostgresEngine(api.app.database.sql));
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  customer = await api.actor('customer');
  moderator = await api.actor('customer-moderator');
});
afterAll(() => api?.stop());

const topic = (title: string, body: string) => startTopic(customer, title, body);

async function outbox() {
  return api.app.database.sql.query<{ attempts: number; last_error: string | null; waiting: boolean }>(
    `SELECT "attempts", "last_error", "next_attempt_at" > now() AS waiting FROM "search_outbox"
      WHERE "processed_at" IS NULL ORDER BY "id"`,
  );
}

describe('the search outbox', () => {
  it('writes an outbox row in the same transaction as the change', async () => {
    await api.app.search.indexer.drain();
    await topic('Outbox lemming', 'A lemming in the outbox.');
    const rows = await api.app.database.sql.query<{ entity: string }>(
      `SELECT "entity"::text AS entity FROM "search_outbox" WHERE "processed_at" IS NULL`,
    );
    expect(rows.map((row) => row.entity)).toContain('TOPIC');
    expect(await labels(customer, 'lemming')).toEqual([]);
    await api.app.search.indexer.drain();
    expect(await labels(customer, 'lemming')).toEqual(['topic: Outbox lemming']);
  });

  it('loses nothing while the engine is down, backs off, and catches up when it returns', async () => {
    const indexer = createIndexer(api.app.database.sql, engine.engine, quiet);
    engine.state.down = true;
    const id = await topic('Outage narwhal', 'Written while search was down.');
    expect(id).toBeTruthy();
    const failed = await indexer.drain();
    expect(failed.error).toContain('ECONNREFUSED');
    expect(failed.processed).toBe(0);
    const waiting = await outbox();
    expect(waiting.length).toBeGreaterThan(0);
    expect(
      waiting.every((row) => row.attempts === 1 && row.waiting && row.last_error?.includes('ECONNREFUSED')),
    ).toBe(true);
    // A second failure waits longer; the rows are still there.
    expect((await indexer.drain()).error).toBeDefined();
    expect((await outbox()).every((row) => row.attempts === 2)).toBe(true);

    engine.state.down = false;
    const caughtUp = await indexer.drain();
    expect(caughtUp).toEqual({ processed: waiting.length, pending: 0 });
    expect(await labels(customer, 'narwhal')).toEqual(['topic: Outage narwhal']);
  });

  it('keeps an unreachable Meilisearch from failing writes, and keeps the rows for it', async () => {
    const unreachable = createMeiliEngine({ host: 'http://127.0.0.1:9', timeoutMs: 500 });
    expect((await unreachable.health()).ok).toBe(false);
    const indexer = createIndexer(api.app.database.sql, unreachable, quiet);
    await topic('Meili outage ocelot', 'Written while Meilisearch was unreachable.');
    const report = await indexer.drain();
    expect(report.error).toBeDefined();
    expect(report.pending).toBeGreaterThan(0);
    expect((await outbox()).every((row) => row.attempts === 1 && row.last_error !== null)).toBe(true);
    // The same rows feed any engine once one answers.
    expect((await api.app.search.indexer.drain()).pending).toBe(0);
    expect(await labels(customer, 'ocelot')).toEqual(['topic: Meili outage ocelot']);
  });

  it('hides a hidden topic’s replies with it', async () => {
    const id = await topic('Lemur sightings', 'Where are the lemurs?');
    await customer.data(Reply, { input: { topicId: id, body: 'A lemur reply.' } });
    await api.app.search.indexer.drain();
    expect(await labels(customer, 'lemur')).toHaveLength(2);
    await moderator.data(HideTopic, { topicId: id });
    await api.app.search.indexer.drain();
    expect(await labels(customer, 'lemur')).toEqual([]);
    expect(await labels(api.anonymous, 'lemur')).toEqual([]);
    expect(await labels(moderator, 'lemur')).toHaveLength(2);
  });

  it('lets two indexers drain together without doing anything twice', async () => {
    for (let n = 0; n < 20; n++) await topic(`Concurrent drain ${n}`, 'Two indexers at once.');
    const [first, second] = await Promise.all([
      createIndexer(api.app.database.sql, engine.engine, quiet, { batchSize: 5 }).drain(),
      createIndexer(api.app.database.sql, engine.engine, quiet, { batchSize: 5 }).drain(),
    ]);
    // One holds the lock at a time; the other finds it taken or nothing left to do.
    expect([first?.error, second?.error]).toEqual([undefined, undefined]);
    expect((await api.app.search.indexer.drain()).pending).toBe(0);
    expect((await labels(customer, 'concurrent drain', { first: 50 })).length).toBe(20);
  });

  it('indexes oldest first, also where a newer id has more digits', async () => {
    await api.app.search.indexer.drain();
    // Twelve removals of topics that do not exist, with ids crossing the next power of ten above
    // every id so far (995 to 1006 on a young table): read as text, '1000' would come before '995'.
    // Never set below the ids already used, whatever the tests before this one wrote.
    const [set] = await api.app.database.sql.query<{ start: string }>(
      `SELECT setval('search_outbox_id_seq', (10 ^ ceil(log((GREATEST(MAX("id"), 994) + 6)::numeric)) - 6)::bigint)::text AS start
         FROM "search_outbox"`,
    );
    expect(set?.start).toMatch(/^9+4$/);
    const missing = Array.from({ length: 12 }, (_, n) => 900_001 + n);
    for (const id of missing) {
      await api.app.database.sql.query(
        `INSERT INTO "search_outbox" ("entity", "entity_id", "operation") VALUES ('TOPIC', $1, 'DELETE')`,
        [id],
      );
    }
    const removed: number[] = [];
    const recording: SearchEngine = {
      ...engine.engine,
      async remove(refs) {
        removed.push(...refs.map((ref) => ref.id));
        await engine.engine.remove(refs);
      },
    };
    const report = await createIndexer(api.app.database.sql, recording, quiet, { batchSize: 1 }).drain();
    expect(report).toMatchObject({ processed: 12, pending: 0 });
    expect(removed).toEqual(missing);
  });

  it('reports the engine and the outbox on /health/search', async () => {
    await topic('Health hedgehog', 'Pending until drained.');
    const response = await fetch(api.app.url.replace(/\/graphql$/, '/health/search'));
    expect(response.status).toBe(200);
    const health = (await response.json()) as { status: string; engine: string; outbox: { pending: number } };
    expect(health).toMatchObject({ status: 'ok', engine: 'postgres' });
    expect(health.outbox.pending).toBeGreaterThan(0);
  });

  it('rebuilds exactly the documents it built incrementally', async () => {
    await api.app.search.indexer.drain();
    const snapshot = () =>
      api.app.database.sql.query(
        `SELECT "entity"::text, "entity_id", "topic_id", "title", "keywords", "body", "tags", "category_slug",
                "status"::text, "kind"::text, "author_kind"::text, "answered", "accepted", "internal", "hidden",
                "created_at", "vector"::text AS vector
           FROM "search_documents" ORDER BY "entity", "entity_id"`,
      );
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(20);
    await reindex(api.app.database.sql, api.app.search.engine);
    expect(await snapshot()).toEqual(incremental);
  });
});
