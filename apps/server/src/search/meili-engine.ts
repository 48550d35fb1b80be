import { searchWords } from '@parley/schema/search/query-text';
import type {
  SearchHighlight,
  SearchHitRef,
  SearchPage,
  SearchRequest,
  SimilarRequest,
  SuggestionRef,
  SuggestRequest,
} from '@parley/schema/search/service';
import { type Index, Meilisearch, MeilisearchApiError, type Settings, type Task } from 'meilisearch';
import {
  type DocumentRef,
  documentId,
  MARK_END,
  MARK_START,
  markedHtml,
  type SearchDocument,
} from './document.ts';
import type { SearchEngine } from './engine.ts';

export interface MeiliOptions {
  host: string;
  apiKey?: string | undefined;
  /** The index's uid; tests use one per run. @default "parley" */
  indexUid?: string;
  /** Per HTTP request. @default 5000 (ms) */
  timeoutMs?: number;
}

/** What is stored in Meilisearch: the document plus a ranking boost (accepted answers first). */
type MeiliDocument = SearchDocument & { boost: number };

/**
 * The index's settings, applied at every start (Meilisearch treats an unchanged setting as a
 * no-op). Searchable attributes are in rank order: a match in a title beats one in a body.
 */
export const MEILI_SETTINGS: Settings = {
  searchableAttributes: ['title', 'keywords', 'body'],
  filterableAttributes: [
    'type',
    'internal',
    'hidden',
    'category',
    'tags',
    'status',
    'kind',
    'authorKind',
    'answered',
    'topicId',
  ],
  sortableAttributes: ['createdAt', 'boost'],
  displayedAttributes: ['*'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness', 'boost:desc', 'createdAt:desc'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
  pagination: { maxTotalHits: 2000 },
};

const boostOf = (document: SearchDocument) => (document.accepted ? 2 : document.answered ? 1 : 0);

/** A filter value quoted for Meilisearch's filter syntax. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function audienceFilter(audience: { internal: boolean; hidden: boolean }): string[] {
  return [...(audience.internal ? [] : ['internal = false']), ...(audience.hidden ? [] : ['hidden = false'])];
}

function highlightsOf(formatted: Partial<MeiliDocument> | undefined): SearchHighlight[] {
  const found: SearchHighlight[] = [];
  for (const field of ['title', 'keywords', 'body'] as const) {
    const text = formatted?.[field];
    if (typeof text === 'string' && text.includes(MARK_START))
      found.push({ field, snippet: markedHtml(text) });
  }
  return found;
}

async function succeeded(task: Promise<Task>): Promise<void> {
  const done = await task;
  if (done.status !== 'succeeded') {
    throw new Error(
      `Meilisearch task ${done.uid} ${done.status}: ${done.error?.message ?? 'no reason given'}`,
    );
  }
}

export function createMeiliEngine(options: MeiliOptions): SearchEngine {
  const timeout = options.timeoutMs ?? 5000;
  const client = new Meilisearch({
    host: options.host,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    timeout,
  });
  const uid = options.indexUid ?? 'parley';
  const index: Index<MeiliDocument> = client.index<MeiliDocument>(uid);
  const wait = { timeout: 60_000 };
  let ready = false;

  async function setup() {
    try {
      await succeeded(client.createIndex(uid, { primaryKey: 'id' }).waitTask(wait));
    } catch (error) {
      // Already there: fine, settings below are applied either way.
      if (!(error instanceof Error && /index_already_exists|already exists/.test(error.message))) throw error;
    }
    await succeeded(index.updateSettings(MEILI_SETTINGS).waitTask(wait));
    ready = true;
  }
  const ensureReady = async () => {
    if (!ready) await setup();
  };

  return {
    name: 'meilisearch',
    setup,

    async index(documents) {
      if (documents.length === 0) return;
      await ensureReady();
      const payload = documents.map((document) => ({ ...document, boost: boostOf(document) }));
      await succeeded(index.addDocuments(payload, { primaryKey: 'id' }).waitTask(wait));
    },

    async remove(refs: readonly DocumentRef[]) {
      if (refs.length === 0) return;
      await ensureReady();
      await succeeded(index.deleteDocuments(refs.map(documentId)).waitTask(wait));
    },

    async clear() {
      await ensureReady();
      await succeeded(index.deleteAllDocuments().waitTask(wait));
    },

    async count() {
      try {
        return (await index.getStats()).numberOfDocuments;
      } catch (error) {
        if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return 0;
        throw error;
      }
    },

    async health() {
      try {
        await client.health();
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },

    async search(request: SearchRequest): Promise<SearchPage> {
      // Meilisearch answers an empty query with everything; a query of only symbols means nothing.
      if (searchWords(request.text).length === 0) return { hits: [], hasMore: false };
      const { filter } = request;
      const filters = [
        `type IN [${filter.types.join(', ')}]`,
        ...audienceFilter(request.audience),
        ...(filter.category ? [`category = ${quoted(filter.category)}`] : []),
        ...(filter.tags ?? []).map((tag) => `tags = ${quoted(tag)}`),
        ...(filter.status ? [`status = ${filter.status}`] : []),
        ...(filter.kind ? [`kind = ${filter.kind}`] : []),
        ...(filter.authorKind ? [`authorKind = ${filter.authorKind}`] : []),
        ...(filter.answered === undefined ? [] : [`answered = ${filter.answered}`]),
      ];
      const response = await index.search(request.text, {
        filter: filters,
        offset: request.offset,
        limit: request.limit + 1,
        // Highlighted attributes must be retrieved too, or `_formatted` leaves them out.
        attributesToRetrieve: ['type', 'entityId', 'topicId', 'title', 'keywords', 'body'],
        attributesToHighlight: ['title', 'keywords', 'body'],
        attributesToCrop: ['body'],
        cropLength: 30,
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
        showRankingScore: true,
      });
      const hits: SearchHitRef[] = response.hits.slice(0, request.limit).map((hit) => ({
        type: hit.type,
        id: hit.entityId,
        topicId: hit.topicId,
        score: hit._rankingScore ?? 0,
        highlights: highlightsOf(hit._formatted),
      }));
      return { hits, hasMore: response.hits.length > request.limit };
    },

    async suggest(request: SuggestRequest): Promise<SuggestionRef[]> {
      if (searchWords(request.prefix).length === 0) return [];
      const response = await index.search(request.prefix, {
        filter: ['type IN [TOPIC, PERSON]', ...audienceFilter(request.audience)],
        attributesToSearchOn: ['title'],
        attributesToRetrieve: ['type', 'entityId', 'title'],
        attributesToHighlight: ['title'],
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
        limit: request.limit,
      });
      return response.hits.map((hit) => ({
        type: hit.type === 'PERSON' ? 'PERSON' : 'TOPIC',
        id: hit.entityId,
        text: hit.title,
        highlighted: markedHtml(hit._formatted?.title ?? hit.title),
      }));
    },

    async similarTopics(request: SimilarRequest): Promise<SearchHitRef[]> {
      if (searchWords(request.title).length === 0) return [];
      const response = await index.search(request.title, {
        filter: ['type = TOPIC', ...audienceFilter(request.audience)],
        // Any of the words may match; the more (and the rarer) the better.
        matchingStrategy: 'frequency',
        // Highlighted attributes must be retrieved too, or `_formatted` leaves them out.
        attributesToRetrieve: ['type', 'entityId', 'topicId', 'title', 'keywords', 'body'],
        attributesToHighlight: ['title', 'body'],
        attributesToCrop: ['body'],
        cropLength: 30,
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
        showRankingScore: true,
        limit: request.limit,
      });
      return response.hits.map((hit) => ({
        type: 'TOPIC',
        id: hit.entityId,
        topicId: hit.topicId,
        score: hit._rankingScore ?? 0,
        highlights: highlightsOf(hit._formatted),
      }));
    },
  };
}
