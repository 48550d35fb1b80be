import { searchWords, usesSearchSyntax } from '@parley/schema/search/query-text';
import { type Database, openDatabase } from '@parley/server/db/database';
import { migrate, readMigrations } from '@parley/server/db/migrations';
import type { SqlDatabase } from '@parley/server/db/sql';
import { createLogger } from '@parley/server/log';
import { migrationsDir } from '@parley/server/paths';
import { createIndexer } from '@parley/server/search/indexer';
import { createPostgresEngine } from '@parley/server/search/postgres-engine';
import { reindex } from '@parley/server/search/reindex';
import { benchDatabases } from './bench-database.ts';
import {
  type BenchQuery,
  benchPrefixes,
  benchQueries,
  seeded,
  sentence,
  type Vocabulary,
  vocabulary,
} from './search-corpus.ts';

/**
 * `npm run bench -- search`: the Postgres search engine on every available database (embedded
 * PGlite, and PostgreSQL when DATABASE_URL is set), against a naive `ILIKE` scan of the same
 * rows, query by query, interleaved. `--posts=1000000` builds the large corpus; `--only=postgres`
 * (or `--only=pglite`) benches one database.
 */

interface Latencies {
  p50: number;
  p95: number;
  p99: number;
}

function latencies(samples: readonly number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

interface DatabaseResult {
  label: string;
  posts: number;
  topics: number;
  documents: number;
  loadSeconds: number;
  rebuildPerSecond: number;
  incrementalPerSecond: number;
  incrementalDocuments: number;
  search: Latencies;
  searchByKind: Map<BenchQuery['kind'], Latencies>;
  ilike: Latencies;
  suggest: Latencies;
  suggestIlike: Latencies;
  averageHits: number;
}

const PUBLIC = { internal: false, hidden: false };
const ALL_TYPES = ['TOPIC', 'POST', 'PERSON'] as const;

async function insertJson(sql: SqlDatabase, statement: string, rows: readonly object[], chunk = 5_000) {
  for (let start = 0; start < rows.length; start += chunk) {
    await sql.query(statement, [JSON.stringify(rows.slice(start, start + chunk))]);
  }
}

/** People, a category, topics and posts, through plain SQL (the triggers fill the outbox). */
export async function loadCorpus(db: Database, vocab: Vocabulary, posts: number) {
  const { sql } = db;
  const random = seeded(42);
  const now = Date.now();
  const yearMs = 365 * 86_400_000;
  await sql.query(`INSERT INTO "categories" ("slug", "name") VALUES ('general', 'General')`);
  await sql.query(`INSERT INTO "departments" ("slug", "name") VALUES ('support', 'Support')`);
  const people = Array.from({ length: 530 }, (_, n) => ({
    handle: `person_${n}`,
    name: `${sentence(vocab, random, 2).slice(0, -1)} ${n}`,
    kind: n < 30 ? 'EMPLOYEE' : 'CUSTOMER',
  }));
  await insertJson(
    sql,
    `INSERT INTO "users" ("handle", "email", "display_name", "password_hash", "kind")
     SELECT p."handle", p."handle" || '@bench.example', p."name", 'x', p."kind"::"UserKind"
       FROM json_to_recordset($1::json) AS p("handle" text, "name" text, "kind" text)`,
    people,
  );
  await sql.query(
    `INSERT INTO "employee_profiles" ("user_id", "title", "department_id", "expertise")
     SELECT u."id", 'Support specialist', d."id", ARRAY['bank feeds', 'payroll']
       FROM "users" u, "departments" d WHERE u."kind" = 'EMPLOYEE'`,
  );
  const [range] = await sql.query<{ first: number; category: number }>(
    `SELECT min(u."id") AS first, (SELECT "id" FROM "categories" LIMIT 1) AS category FROM "users" u`,
  );
  const firstUser = range?.first ?? 1;
  const category = range?.category ?? 1;
  const topicCount = Math.max(1, Math.round(posts / 10));
  const topics = Array.from({ length: topicCount }, (_, n) => ({
    title: sentence(vocab, random, 5 + Math.floor(random() * 6)).slice(0, 200),
    body: Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      sentence(vocab, random, 8 + Math.floor(random() * 20)),
    ).join(' '),
    author: firstUser + 30 + Math.floor(random() * 500),
    hidden: n % 50 === 49,
    // Topics arrive over three years, in id order, as they would have.
    at: new Date(now - 3 * yearMs + (n / topicCount) * 3 * yearMs).toISOString(),
  }));
  await insertJson(
    sql,
    `INSERT INTO "topics" ("slug", "title", "body", "author_id", "category_id", "hidden", "created_at", "last_activity_at")
     SELECT 'bench', t."title", t."body", t."author", ${category}, t."hidden", t."at"::timestamptz, t."at"::timestamptz
       FROM json_to_recordset($1::json) AS t("title" text, "body" text, "author" int, "hidden" boolean, "at" text)`,
    topics,
  );
  const [first] = await sql.query<{ id: number }>(`SELECT min("id") AS id FROM "topics"`);
  const firstTopic = first?.id ?? 1;
  await insertPosts(sql, vocab, random, posts, { firstTopic, topicCount, firstUser, now, yearMs });
  // One topic in five has an accepted answer: its first public reply.
  await sql.query(
    `UPDATE "topics" t SET "accepted_answer_id" = a."id", "status" = 'ANSWERED'
       FROM (SELECT DISTINCT ON ("topic_id") "topic_id", "id" FROM "posts" WHERE NOT "internal" AND NOT "hidden"
              ORDER BY "topic_id", "id") a
      WHERE a."topic_id" = t."id" AND t."id" % 5 = 0`,
  );
  return topicCount;
}

async function insertPosts(
  sql: SqlDatabase,
  vocab: Vocabulary,
  random: () => number,
  count: number,
  at: {
    firstTopic: number;
    topicCount: number;
    firstUser: number;
    now: number;
    yearMs: number;
    recent?: boolean;
  },
) {
  const chunk = 5_000;
  for (let start = 0; start < count; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => {
      const n = start + i;
      const employee = n % 3 === 0;
      const topic = Math.floor(random() * at.topicCount);
      // A reply comes within a month of its topic; `recent` ones (the incremental batch) today.
      const topicAt = at.now - 3 * at.yearMs + (topic / at.topicCount) * 3 * at.yearMs;
      const postAt = at.recent
        ? at.now - random() * 86_400_000
        : Math.min(at.now, topicAt + random() * 30 * 86_400_000);
      return {
        topic: at.firstTopic + topic,
        author: at.firstUser + (employee ? Math.floor(random() * 30) : 30 + Math.floor(random() * 500)),
        body: Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
          sentence(vocab, random, 6 + Math.floor(random() * 18)),
        ).join(' '),
        internal: employee && n % 9 === 0,
        hidden: n % 29 === 28,
        at: new Date(postAt).toISOString(),
      };
    });
    await sql.query(
      `INSERT INTO "posts" ("topic_id", "author_id", "body", "internal", "hidden", "created_at")
       SELECT p."topic", p."author", p."body", p."internal", p."hidden", p."at"::timestamptz
         FROM json_to_recordset($1::json) AS p("topic" int, "author" int, "body" text, "internal" boolean,
              "hidden" boolean, "at" text)`,
      [JSON.stringify(rows)],
    );
  }
}

/** The naive alternative: every word (or the phrase) as `ILIKE '%…%'`, newest first, no ranking. */
async function ilikeSearch(sql: SqlDatabase, text: string) {
  const phrase = /^"(.*)"$/.exec(text)?.[1];
  const terms = phrase ? [phrase] : searchWords(text);
  const conditions = terms.map((_, i) => `("title" ILIKE $${i + 1} OR "body" ILIKE $${i + 1})`).join(' AND ');
  return sql.query(
    `SELECT "entity", "entity_id" FROM "search_documents"
      WHERE NOT "internal" AND NOT "hidden" AND ${conditions || 'false'}
      ORDER BY "created_at" DESC LIMIT 20`,
    terms.map((term) => `%${term.replace(/[\\%_]/g, '\\$&')}%`),
  );
}

async function ilikeSuggest(sql: SqlDatabase, prefix: string) {
  return sql.query(
    `SELECT "entity", "entity_id", "title" FROM "search_documents"
      WHERE "entity" IN ('TOPIC', 'PERSON') AND NOT "hidden" AND "title" ILIKE $1
      ORDER BY "created_at" DESC LIMIT 8`,
    [`%${prefix.replace(/[\\%_]/g, '\\$&')}%`],
  );
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function benchDatabase(label: string, db: Database, posts: number): Promise<DatabaseResult> {
  const vocab = vocabulary();
  const log = (message: string) => console.log(`[bench] search, ${label}: ${message}`);
  await migrate(db.sql, readMigrations(migrationsDir));
  log(`loading ${posts.toLocaleString('en')} posts…`);
  const [loadMs, topics] = await timed(() => loadCorpus(db, vocab, posts));
  await db.sql.query('ANALYZE');
  const engine = createPostgresEngine(db.sql);

  log('rebuilding the index (npm run search:reindex)…');
  const [rebuildMs, rebuilt] = await timed(() => reindex(db.sql, engine, { batchSize: 1_000 }));
  // What autovacuum does on a server after a bulk load (PGlite has none; it needs no more).
  await db.sql.query('VACUUM ANALYZE "search_documents"');

  const incremental = Math.max(1_000, Math.round(posts / 10));
  log(`writing ${incremental.toLocaleString('en')} more replies and draining the outbox…`);
  const [first] = await db.sql.query<{ id: number; users: number }>(
    `SELECT min("id") AS id, (SELECT min("id") FROM "users") AS users FROM "topics"`,
  );
  await insertPosts(db.sql, vocab, seeded(77), incremental, {
    firstTopic: first?.id ?? 1,
    topicCount: topics,
    firstUser: first?.users ?? 1,
    now: Date.now(),
    yearMs: 365 * 86_400_000,
    recent: true,
  });
  const indexer = createIndexer(db.sql, engine, createLogger('warn'), { batchSize: 1_000 });
  const [drainMs, drained] = await timed(() => indexer.drain());
  if (drained.error) throw new Error(`indexing failed: ${drained.error}`);
  await db.sql.query('ANALYZE "search_documents"');
  const documents = await engine.count();

  const queries = benchQueries(vocab);
  const now = new Date();
  const search = (text: string) =>
    engine.search({ text, filter: { types: [...ALL_TYPES] }, audience: PUBLIC, limit: 20, offset: 0, now });
  log(`${queries.length} queries, ranked top 20, interleaved with ILIKE…`);
  for (const query of queries.slice(0, 50)) {
    await search(query.text);
    await ilikeSearch(db.sql, query.text);
  }
  const subject: number[] = [];
  const baseline: number[] = [];
  const byKind = new Map<BenchQuery['kind'], number[]>();
  let hits = 0;
  for (const [index, query] of queries.entries()) {
    const runSubject = async () => {
      const [ms, page] = await timed(() => search(query.text));
      subject.push(ms);
      hits += page.hits.length;
      byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), ms]);
    };
    const runBaseline = async () => {
      baseline.push((await timed(() => ilikeSearch(db.sql, query.text)))[0]);
    };
    if (index % 2 === 0) {
      await runSubject();
      await runBaseline();
    } else {
      await runBaseline();
      await runSubject();
    }
  }

  const prefixes = benchPrefixes(vocab);
  log(`${prefixes.length} search-as-you-type prefixes…`);
  const suggest = (prefix: string) => engine.suggest({ prefix, audience: PUBLIC, limit: 8, now });
  for (const prefix of prefixes.slice(0, 50)) await suggest(prefix);
  const suggestSamples: number[] = [];
  const suggestBaseline: number[] = [];
  for (const prefix of prefixes) {
    suggestSamples.push((await timed(() => suggest(prefix)))[0]);
    suggestBaseline.push((await timed(() => ilikeSuggest(db.sql, prefix)))[0]);
  }
  // Queries the syntax path handles (phrases) were part of the mix; note how many.
  log(`${queries.filter((query) => usesSearchSyntax(query.text)).length} queries used search syntax`);

  return {
    label,
    posts: posts + incremental,
    topics,
    documents,
    loadSeconds: loadMs / 1000,
    rebuildPerSecond: rebuilt.documents / (rebuildMs / 1000),
    incrementalPerSecond: drained.processed / (drainMs / 1000),
    incrementalDocuments: drained.processed,
    search: latencies(subject),
    searchByKind: new Map([...byKind].map(([kind, samples]) => [kind, latencies(samples)])),
    ilike: latencies(baseline),
    suggest: latencies(suggestSamples),
    suggestIlike: latencies(suggestBaseline),
    averageHits: hits / queries.length,
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const row = (l: Latencies) => `${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)}`;

function toMarkdown(results: readonly DatabaseResult[], machine: string): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
    '',
    '| database | corpus | query | engine | p50 | p95 | p99 | ILIKE p50 | ILIKE p95 | ILIKE p99 | p50 ratio (ILIKE / engine) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const corpus = `${result.posts.toLocaleString('en')} posts, ${result.topics.toLocaleString('en')} topics (${result.documents.toLocaleString('en')} documents)`;
    lines.push(
      `| ${result.label} | ${corpus} | search, ranked top 20 (500 queries) | Postgres FTS | ${row(result.search)} | ${row(result.ilike)} | ${(result.ilike.p50 / result.search.p50).toFixed(1)}× |`,
      `| ${result.label} | ${corpus} | suggestions, top 8 (500 prefixes) | Postgres FTS | ${row(result.suggest)} | ${row(result.suggestIlike)} | ${(result.suggestIlike.p50 / result.suggest.p50).toFixed(1)}× |`,
    );
  }
  lines.push('', '| database | query kind | p50 | p95 | p99 |', '|---|---|---|---|---|');
  for (const result of results) {
    for (const [kind, figures] of result.searchByKind)
      lines.push(`| ${result.label} | ${kind} | ${row(figures)} |`);
  }
  lines.push(
    '',
    '| database | load (SQL inserts) | rebuild (`search:reindex`) | incremental (outbox → indexer) | hits per query (avg) |',
    '|---|---|---|---|---|',
  );
  for (const result of results) {
    lines.push(
      `| ${result.label} | ${result.loadSeconds.toFixed(1)} s | ${Math.round(result.rebuildPerSecond).toLocaleString('en')} documents/s | ${Math.round(result.incrementalPerSecond).toLocaleString('en')} documents/s (${result.incrementalDocuments.toLocaleString('en')} replies) | ${result.averageHits.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

export async function searchBenchmark(machine: string, argv: readonly string[]): Promise<string> {
  const postsFlag = argv.find((argument) => argument.startsWith('--posts='));
  const posts = postsFlag ? Number(postsFlag.slice('--posts='.length)) : 100_000;
  if (!Number.isInteger(posts) || posts < 1_000)
    throw new Error(`--posts must be a whole number ≥ 1000 (it is ${postsFlag})`);
  // `--only=postgres` (or `--only=pglite`) benches one database.
  const only = argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);
  const results: DatabaseResult[] = [];
  for (const target of await benchDatabases()) {
    if (only && target.config.engine !== only) {
      await target.drop();
      continue;
    }
    const db = await openDatabase(target.config);
    try {
      results.push(await benchDatabase(target.label, db, posts));
    } finally {
      await db.close();
      await target.drop();
    }
  }
  return toMarkdown(results, machine);
}
