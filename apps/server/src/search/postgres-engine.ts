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
/** Typo tolerance needs enough letters for trigrams to mean something. */
const MIN_TYPO_TEXT = 4;

const headlineOptions = (fragments: boolean) =>
  `StartSel="${MARK_START}", StopSel="${MARK_END}", ` +
  (fragments
    ? 'MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
    : 'HighlightAll=true');

/** `'word'` quoted for to_tsquery; the words are letters and digits only, so nothing escapes. */
const lexeme = (word: string, suffix = '') => `'${word}'${suffix}`;

/** Plain words as typed so far: every word, the last one also as a prefix. */
function typingQuery(words: readonly string[], weights = ''): string | null {
  if (words.length === 0) return null;
  const last = words.at(-1) ?? '';
  const head = words.slice(0, -1).map((word) => lexeme(word, weights ? `:${weights}` : ''));
  const tail =
    last.length >= MIN_PREFIX ? lexeme(last, `:*${weights}`) : lexeme(last, weights ? `:${weights}` : '');
  return [...head, tail].join(' & ');
}

/** A recency factor from 1 (today) falling towards 0.8 over a few years. */
const recency = (createdAt: string, now: string) =>
  `(0.8 + 0.2 * exp(-greatest(0, extract(epoch FROM (${now} - ${createdAt}))) / (86400.0 * 365)))`;

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
                  "created_at", "indexed_at", "vector")
           SELECT d."type"::"SearchEntity", d."entityId", d."topicId", d."title", d."keywords", d."body",
                  coalesce(d."tags", ARRAY[]::text[]), d."category", d."status"::"TopicStatus", d."kind"::"TopicKind",
                  d."authorKind"::"UserKind", d."answered", d."accepted", d."internal", d."hidden",
                  to_timestamp(d."createdAt" / 1000.0), now(),
                  setweight(to_tsvector('english', d."title"), 'A') ||
                  setweight(to_tsvector('english', d."keywords"), 'B') ||
                  setweight(to_tsvector('english', d."body"), 'C')
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
                  "vector" = EXCLUDED."vector"`,
          [JSON.stringify(unique.slice(start, start + 1000))],
        );
      }
    },

    async remove(refs: readonly DocumentRef[]) {
      if (refs.length === 0) return;
      await sql.query(
        `DELETE FROM "search_documents" d USING unnest($1::"SearchEntity"[], $2::int[]) AS r("entity", "id")
          WHERE d."entity" = r."entity" AND d."entity_id" = r."id"`,
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
      const typo = !syntax && words.join(' ').length >= MIN_TYPO_TEXT ? words.join(' ') : null;
      const { filter, audience } = request;
      const rows = await sql.query<HitRow>(
        `WITH q AS (
           SELECT CASE WHEN $2::text IS NULL THEN websearch_to_tsquery('english', $1)
                       ELSE to_tsquery('english', $2) END AS tsq
         ), hits AS (
           SELECT d."entity"::text AS entity, d."entity_id", d."topic_id", d."title", d."keywords", d."body",
                  d."created_at",
                  (ts_rank_cd(${WEIGHTS}, d."vector", q.tsq, 32)
                     + CASE WHEN $3::text IS NOT NULL AND d."title" <> '' THEN 0.5 * word_similarity($3, d."title") ELSE 0 END)
                   * (1 + 0.5 * d."accepted"::int + 0.1 * d."answered"::int)
                   * ${recency('d."created_at"', '$4::timestamptz')} AS score
             FROM "search_documents" d, q
            WHERE (d."vector" @@ q.tsq OR ($3::text IS NOT NULL AND $3 <% d."title"))
              AND d."entity" = ANY($5::"SearchEntity"[])
              AND ($6::boolean OR NOT d."internal") AND ($7::boolean OR NOT d."hidden")
              AND ($8::text IS NULL OR d."category_slug" = $8)
              AND ($9::text[] IS NULL OR d."tags" @> $9::text[])
              AND ($10::text IS NULL OR d."status" = $10::"TopicStatus")
              AND ($11::text IS NULL OR d."kind" = $11::"TopicKind")
              AND ($12::text IS NULL OR d."author_kind" = $12::"UserKind")
              AND ($13::boolean IS NULL OR d."answered" = $13)
            ORDER BY score DESC, d."created_at" DESC, d."entity", d."entity_id"
            LIMIT $14 OFFSET $15
         )
         SELECT hits."entity", hits."entity_id", hits."topic_id", hits."score"::float8 AS score,
                CASE WHEN hits."title" <> '' THEN ts_headline('english', hits."title", q.tsq, '${headlineOptions(false)}') END AS title_hl,
                CASE WHEN hits."keywords" <> '' THEN ts_headline('english', hits."keywords", q.tsq, '${headlineOptions(false)}') END AS keywords_hl,
                ts_headline('english', hits."body", q.tsq, '${headlineOptions(true)}') AS body_hl
           FROM hits, q
          ORDER BY hits."score" DESC, hits."created_at" DESC, hits."entity", hits."entity_id"`,
        [
          request.text,
          typing,
          typo,
          request.now.toISOString(),
          filter.types,
          audience.internal,
          audience.hidden,
          filter.category ?? null,
          filter.tags && filter.tags.length > 0 ? filter.tags : null,
          filter.status ?? null,
          filter.kind ?? null,
          filter.authorKind ?? null,
          filter.answered ?? null,
          request.limit + 1,
          request.offset,
        ],
      );
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
      const rows = await sql.query<{
        entity: 'TOPIC' | 'PERSON';
        entity_id: number;
        title: string;
        title_hl: string;
      }>(
        `WITH q AS (SELECT to_tsquery('english', $1) AS tsq), hits AS (
           SELECT d."entity"::text AS entity, d."entity_id", d."title",
                  (ts_rank_cd(${WEIGHTS}, d."vector", q.tsq, 32)
                     + CASE WHEN $2::text IS NOT NULL THEN 0.5 * word_similarity($2, d."title") ELSE 0 END)
                   * (1 + 0.2 * d."answered"::int) * ${recency('d."created_at"', '$3::timestamptz')} AS score
             FROM "search_documents" d, q
            WHERE d."entity" IN ('TOPIC', 'PERSON') AND d."title" <> ''
              AND (d."vector" @@ q.tsq OR ($2::text IS NOT NULL AND $2 <% d."title"))
              AND ($4::boolean OR NOT d."hidden")
            ORDER BY score DESC, d."entity", d."entity_id"
            LIMIT $5
         )
         SELECT hits."entity", hits."entity_id", hits."title",
                ts_headline('english', hits."title", q.tsq, '${headlineOptions(false)}') AS title_hl
           FROM hits, q ORDER BY hits."score" DESC, hits."entity", hits."entity_id"`,
        [typing, typo, request.now.toISOString(), request.audience.hidden, request.limit],
      );
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
        `WITH q AS (SELECT to_tsquery('english', $1) AS tsq), hits AS (
           SELECT d."entity_id", d."title", d."body", d."created_at",
                  (ts_rank_cd(${WEIGHTS}, d."vector", q.tsq, 32) + similarity($2, d."title"))
                   * (1 + 0.3 * d."answered"::int) * ${recency('d."created_at"', '$3::timestamptz')} AS score
             FROM "search_documents" d, q
            WHERE d."entity" = 'TOPIC' AND (d."vector" @@ q.tsq OR $2 % d."title")
              AND ($4::boolean OR NOT d."hidden")
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
