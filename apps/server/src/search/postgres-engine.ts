import { searchWords, usesSearchSyntax } from '@parley/schema/search/query-text';
import type {
  SearchHighlight,
  SearchHitRef,
  SearchPage,
  SearchRequest,
  SimilarRequest,
  SuggestionRef,
  SuggestRequest,
} from '@parley/schema/search/service';
import type { SqlExecutor } from '../db/sql.ts';
import { type DocumentRef, MARK_END, MARK_START, markedHtml, type SearchDocument } from './document.ts';
import type { SearchEngine } from './engine.ts';

/**
 * Postgres full-text search in the application's own database (PGlite or PostgreSQL):
 * `search_documents` holds a weighted tsvector per document (title A, tags or expertise B,
 * text C) under a GIN index, and a trigram index on titles and names for typos.
 */

/** ts_rank_cd weights for {D, C, B, A}: a word in a title counts five times one in a body. */
const WEIGHTS = `'{0.05, 0.2, 0.5, 1.0}'`;
/** A prefix shorter than this would expand to too much of the vocabulary to be useful. */
const MIN_PREFIX = 3;
/**
 * How many of the newest matches in documents' text are ranked, beside the newest as many
 * title matches: all of them for a rare word, a bound on the work for a very common one (whose
 * body-only matches are then ranked among the newest; see docs/search.md).
 */
const CANDIDATES = 300;
/** Suggestions rank the newest titles that start with what was typed. */
const SUGGESTION_CANDIDATES = 300;
/** Typo tolerance needs enough letters for trigrams to mean something. */
const MIN_TYPO_TEXT = 4;

const headlineOptions = (fragments: boolean) =>
  `StartSel="${MARK_START}", StopSel="${MARK_END}", ` +
  (fragments
    ? 'MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
    : 'HighlightAll=true');

/** `'word'` quoted for to_tsquery; the words are letters and digits only, so nothing escapes. */
const lexeme = (word: string, suffix = '') => `'${word}'${suffix}`;

/**
 * Plain words as typed so far: every word, the last one also as a prefix. A word typed twice
 * counts once ("crash crash" is "crash"), since each one costs the index a lookup.
 */
function typingQuery(typed: readonly string[], weights = ''): string | null {
  const words = [...new Set(typed)];
  if (words.length === 0) return null;
  const last = words.at(-1) ?? '';
  const head = words.slice(0, -1).map((word) => lexeme(word, weights ? `:${weights}` : ''));
  const tail =
    last.length >= MIN_PREFIX ? lexeme(last, `:*${weights}`) : lexeme(last, weights ? `:${weights}` : '');
  return [...head, tail].join(' & ');
}

/**
 * A recency factor from 1 (today) falling towards 0.8 over a few years. In float8: `extract`
 * answers numeric, whose `exp` costs a few microseconds a row, for hundreds of rows a query.
 */
const recency = (createdAt: string, now: string) =>
  `(0.8 + 0.2 * exp(-greatest(0, extract(epoch FROM (${now} - ${createdAt}))::float8) / (86400.0 * 365)))`;

interface HitRow {
  entity: 'TOPIC' | 'POST' | 'PERSON';
  entity_id: number;
  topic_id: number | null;
  score: number;
  title_hl: string | null;
  keywords_hl: string | null;
  body_hl: string | null;
}

function highlights(row: HitRow): SearchHighlight[] {
  const found: SearchHighlight[] = [];
  for (const [field, text] of [
    ['title', row.title_hl],
    ['keywords', row.keywords_hl],
    ['body', row.body_hl],
  ] as const) {
    if (text?.includes(MARK_START)) found.push({ field, snippet: markedHtml(text) });
  }
  return found;
}

export function createPostgresEngine(sql: SqlExecutor): SearchEngine {
  return {
    name: 'postgres',
    async setup() {},

    async index(documents: readonly SearchDocument[]) {
      // One row per key: ON CONFLICT cannot touch the same row twice in one statement.
      const unique = [...new Map(documents.map((document) => [document.id, document])).values()];
      for (let start = 0; start < unique.length; start += 1000) {
        await sql.query(
          `INSERT INTO "search_documents" ("entity", "entity_id", "topic_id", "title", "keywords", "body", "tags",
                  "category_slug", "status", "kind", "author_kind", "answered", "accepted", "internal", "hidden",
                  "created_at", "indexed_at", "vector", "head")
           SELECT d."type"::"SearchEntity", d."entityId", d."topicId", d."title", d."keywords", d."body",
                  coalesce(d."tags", ARRAY[]::text[]), d."category", d."status"::"TopicStatus", d."kind"::"TopicKind",
                  d."authorKind"::"UserKind", d."answered", d."accepted", d."internal", d."hidden",
                  to_timestamp(d."createdAt" / 1000.0), now(),
                  setweight(to_tsvector('english', d."title"), 'A') ||
                  setweight(to_tsvector('english', d."keywords"), 'B') ||
                  setweight(to_tsvector('english', d."body"), 'C'),
                  setweight(to_tsvector('english', d."title"), 'A') ||
                  setweight(to_tsvector('english', d."keywords"), 'B')
             FROM json_to_recordset($1::json) AS d("type" text, "entityId" int, "topicId" int, "title" text,
                  "keywords" text, "body" text, "tags" text[], "category" text, "status" text, "kind" text,
                  "authorKind" text, "answered" boolean, "accepted" boolean, "internal" boolean, "hidden" boolean,
                  "createdAt" float8)
           ON CONFLICT ("entity", "entity_id") DO UPDATE SET
                  "topic_id" = EXCLUDED."topic_id", "title" = EXCLUDED."title", "keywords" = EXCLUDED."keywords",
                  "body" = EXCLUDED."body", "tags" = EXCLUDED."tags", "category_slug" = EXCLUDED."category_slug",
                  "status" = EXCLUDED."status", "kind" = EXCLUDED."kind", "author_kind" = EXCLUDED."author_kind",
                  "answered" = EXCLUDED."answered", "accepted" = EXCLUDED."accepted",
                  "internal" = EXCLUDED."internal", "hidden" = EXCLUDED."hidden",
                  "created_at" = EXCLUDED."created_at", "indexed_at" = EXCLUDED."indexed_at",
                  "vector" = EXCLUDED."vector", "head" = EXCLUDED."head"`,
          [JSON.stringify(unique.slice(start, start + 1000))],
        );
      }
    },

    async remove(refs: readonly DocumentRef[]) {
      if (refs.length === 0) return;
      await sql.query(
        `DELETE FROM "search_documents" d USING unnest($1::text[], $2::int[]) AS r("entity", "id")
          WHERE d."entity" = r."entity"::"SearchEntity" AND d."entity_id" = r."id"`,
        [refs.map((ref) => ref.type), refs.map((ref) => ref.id)],
      );
    },

    async clear() {
      await sql.query(`DELETE FROM "search_documents"`);
    },

    async count() {
      const [row] = await sql.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM "search_documents"`,
      );
      return row?.count ?? 0;
    },

    async health() {
      try {
        await sql.query(`SELECT 1 FROM "search_documents" LIMIT 1`);
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },

    async search(request: SearchRequest): Promise<SearchPage> {
      const words = searchWords(request.text);
      const syntax = usesSearchSyntax(request.text);
      const typing = syntax ? null : typingQuery(words);
      if (!syntax && typing === null) return { hits: [], hasMore: false };
      const { filter, audience } = request;
      const filters = [
        filter.types,
        audience.internal,
        audience.hidden,
        filter.category ?? null,
        filter.tags && filter.tags.length > 0 ? filter.tags : null,
        filter.status ?? null,
        filter.kind ?? null,
        filter.authorKind ?? null,
        filter.answered ?? null,
      ];
      const where = `d."entity" = ANY($5::text[]::"SearchEntity"[])
              AND ($6::boolean OR NOT d."internal") AND ($7::boolean OR NOT d."hidden")
              AND ($8::text IS NULL OR d."category_slug" = $8)
              AND ($9::text[] IS NULL OR d."tags" @> $9::text[])
              AND ($10::text IS NULL OR d."status" = $10::"TopicStatus")
              AND ($11::text IS NULL OR d."kind" = $11::"TopicKind")
              AND ($12::text IS NULL OR d."author_kind" = $12::"UserKind")
              AND ($13::boolean IS NULL OR d."answered" = $13)`;
      // The words as typed; the tsquery folds to a constant, so the GIN index serves it.
      const tsq = `(CASE WHEN $2::text IS NULL THEN websearch_to_tsquery('english', $1) ELSE to_tsquery('english', $2) END)`;
      const boost = `(1 + 0.5 * d."accepted"::int::float8 + 0.1 * d."answered"::int::float8) * ${recency('d."created_at"', '$4::timestamptz')}`;
      // What ranking needs, all of it in the recency index (see its migration), so walking it
      // for a common word never reads the table; the texts are read for the page's hits only.
      const columns = `d."entity"::text AS entity, d."entity_id", d."topic_id", d."created_at", d."accepted", d."answered"`;
      const run = (candidates: string, score: string) =>
        sql.query<HitRow>(
          `WITH candidates AS (${candidates}), hits AS (
             SELECT d.*, ${score} * ${boost} AS score, $3::text AS typo
               FROM candidates d
              ORDER BY score DESC, d."created_at" DESC, d."entity", d."entity_id"
              LIMIT $14 OFFSET $15
           )
           SELECT hits."entity", hits."entity_id", hits."topic_id", hits."score"::float8 AS score,
                  CASE WHEN t."title" <> '' THEN ts_headline('english', t."title", ${tsq}, '${headlineOptions(false)}') END AS title_hl,
                  CASE WHEN t."keywords" <> '' THEN ts_headline('english', t."keywords", ${tsq}, '${headlineOptions(false)}') END AS keywords_hl,
                  ts_headline('english', t."body", ${tsq}, '${headlineOptions(true)}') AS body_hl
             FROM hits
             JOIN "search_documents" t ON t."entity" = hits."entity"::"SearchEntity" AND t."entity_id" = hits."entity_id"
            ORDER BY hits."score" DESC, hits."created_at" DESC, hits."entity", hits."entity_id"`,
          [
            request.text,
            typing,
            typo,
            request.now.toISOString(),
            ...filters,
            request.limit + 1,
            request.offset,
          ],
        );
      const typo = !syntax && words.join(' ').length >= MIN_TYPO_TEXT ? words.join(' ') : null;
      // Walking the recency index until CANDIDATES matches turn up is the fast way for one
      // common word (one document in ten: ~3,000 rows read), and the planner finds it. Words
      // that must all match, a phrase or an exclusion match far fewer documents than the
      // planner's estimate makes it expect, and the walk would read tens of thousands of rows
      // (two common words: ~19,000, 30 ms); their matches come from the GIN index instead and
      // are sorted (by an expression no index can serve, so the planner cannot choose the walk).
      const fromIndex = syntax || new Set(words).size > 1;
      const newestFirst = fromIndex ? `d."created_at" + interval '0 seconds' DESC` : `d."created_at" DESC`;
      // Candidates: every document whose title or tags hold the words (few, and the strongest),
      // plus the newest CANDIDATES whose text does. A rare word has fewer matches than that and
      // all are ranked; a very common one ranks its newest matches instead of scanning them all.
      let rows = await run(
        `(SELECT * FROM (SELECT ${columns}, d."vector" FROM "search_documents" d
                           WHERE d."head" @@ ${tsq} AND ${where}
                           ORDER BY d."created_at" DESC LIMIT ${CANDIDATES} OFFSET 0) head
           -- The whole document must match too (an excluded word may be in the body); checked
           -- on these few rows, not through the large index.
           WHERE head."vector" @@ ${tsq})
         UNION ALL
         (SELECT ${columns}, d."vector" FROM "search_documents" d
           WHERE d."vector" @@ ${tsq} AND NOT (d."head" @@ ${tsq}) AND ${where}
           ORDER BY ${newestFirst} LIMIT ${CANDIDATES})`,
        `ts_rank_cd(${WEIGHTS}, d."vector", ${tsq}, 32)`,
      );
      // Typo tolerance: when the words match nothing at all, titles and names that look like
      // them (trigram word similarity) are the answer instead: "pasword reset".
      if (rows.length === 0 && typo !== null) {
        const none =
          request.offset === 0 ||
          (
            await sql.query<{ found: boolean }>(
              `SELECT EXISTS (SELECT 1 FROM "search_documents" d WHERE d."vector" @@ ${tsq} AND ${where}) AS found,
                      $3::text AS typo, $4::timestamptz AS now`,
              [request.text, typing, typo, request.now.toISOString(), ...filters],
            )
          )[0]?.found === false;
        if (none)
          rows = await run(
            `SELECT ${columns}, d."title" FROM "search_documents" d WHERE $3 <% d."title" AND ${where}`,
            `word_similarity($3, d."title")`,
          );
      }
      const hits: SearchHitRef[] = rows.slice(0, request.limit).map((row) => ({
        type: row.entity,
        id: row.entity_id,
        topicId: row.topic_id,
        score: Number(row.score),
        highlights: highlights(row),
      }));
      return { hits, hasMore: rows.length > request.limit };
    },

    async suggest(request: SuggestRequest): Promise<SuggestionRef[]> {
      const words = searchWords(request.prefix);
      const typing = typingQuery(words, 'A');
      if (typing === null) return [];
      const typo = words.join(' ').length >= MIN_TYPO_TEXT ? words.join(' ') : null;
      const tsq = `to_tsquery('english', $1)`;
      // Titles and names only (the small `head` index), the newest matches ranked.
      const run = (match: string, score: string) =>
        sql.query<{ entity: 'TOPIC' | 'PERSON'; entity_id: number; title: string; title_hl: string }>(
          `WITH candidates AS (
             SELECT d."entity", d."entity_id", d."title", d."head", d."answered", d."created_at"
               FROM "search_documents" d
              WHERE ${match} AND d."entity" IN ('TOPIC', 'PERSON') AND ($4::boolean OR NOT d."hidden")
              ORDER BY d."created_at" DESC LIMIT ${SUGGESTION_CANDIDATES}
           ), hits AS (
             SELECT d."entity"::text AS entity, d."entity_id", d."title",
                    ${score} * (1 + 0.2 * d."answered"::int) * ${recency('d."created_at"', '$3::timestamptz')} AS score
               FROM candidates d
              ORDER BY score DESC, d."entity", d."entity_id"
              LIMIT $5
           )
           SELECT hits."entity", hits."entity_id", hits."title", $2::text AS typo,
                  ts_headline('english', hits."title", ${tsq}, '${headlineOptions(false)}') AS title_hl
             FROM hits ORDER BY hits."score" DESC, hits."entity", hits."entity_id"`,
          [typing, typo, request.now.toISOString(), request.audience.hidden, request.limit],
        );
      let rows = await run(`d."head" @@ ${tsq}`, `ts_rank_cd(${WEIGHTS}, d."head", ${tsq}, 32)`);
      if (rows.length === 0 && typo !== null)
        rows = await run(`$2 <% d."title"`, `word_similarity($2, d."title")`);
      return rows.map((row) => ({
        type: row.entity,
        id: row.entity_id,
        text: row.title,
        highlighted: markedHtml(row.title_hl),
      }));
    },

    async similarTopics(request: SimilarRequest): Promise<SearchHitRef[]> {
      const words = [...new Set(searchWords(request.title))].slice(0, 12);
      if (words.length === 0) return [];
      const rows = await sql.query<HitRow>(
        `WITH q AS (SELECT to_tsquery('english', $1) AS tsq), candidates AS (
           SELECT d."entity_id", d."title", d."body", d."head", d."answered", d."created_at"
             FROM "search_documents" d, q
            WHERE d."entity" = 'TOPIC' AND (d."head" @@ q.tsq OR $2 % d."title")
              AND ($4::boolean OR NOT d."hidden")
            ORDER BY d."created_at" DESC LIMIT ${CANDIDATES}
         ), hits AS (
           SELECT d."entity_id", d."title", d."body", d."created_at",
                  (ts_rank_cd(${WEIGHTS}, d."head", q.tsq, 32) + similarity($2, d."title"))
                   * (1 + 0.3 * d."answered"::int) * ${recency('d."created_at"', '$3::timestamptz')} AS score
             FROM candidates d, q
            ORDER BY score DESC, d."entity_id" DESC
            LIMIT $5
         )
         SELECT 'TOPIC' AS entity, hits."entity_id", hits."entity_id" AS topic_id, hits."score"::float8 AS score,
                ts_headline('english', hits."title", q.tsq, '${headlineOptions(false)}') AS title_hl,
                NULL AS keywords_hl,
                ts_headline('english', hits."body", q.tsq, '${headlineOptions(true)}') AS body_hl
           FROM hits, q ORDER BY hits."score" DESC, hits."entity_id" DESC`,
        [
          words.map((word) => lexeme(word)).join(' | '),
          request.title,
          request.now.toISOString(),
          request.audience.hidden,
          request.limit,
        ],
      );
      return rows.map((row) => ({
        type: 'TOPIC',
        id: row.entity_id,
        topicId: row.entity_id,
        score: Number(row.score),
        highlights: highlights(row),
      }));
    },
  };
}
