import type { SearchService } from '@parley/schema/search/service';
import type { DocumentRef, SearchDocument } from './document.ts';

/**
 * A search engine: what the schema reads through (`SearchService`) plus what the indexer and
 * `search:reindex` write through. Two implementations: Postgres full-text search in the same
 * database (the default) and Meilisearch (when `MEILI_HOST` is set).
 */
export interface SearchEngine extends SearchService {
  readonly name: 'postgres' | 'meilisearch';
  /** Prepares the index (Meilisearch: creates it and applies its settings). Idempotent. */
  setup(): Promise<void>;
  /** Adds or replaces these documents. */
  index(documents: readonly SearchDocument[]): Promise<void>;
  /** Removes these documents; unknown ones are ignored. */
  remove(refs: readonly DocumentRef[]): Promise<void>;
  /** Removes every document (before a rebuild). */
  clear(): Promise<void>;
  /** How many documents the index holds. */
  count(): Promise<number>;
  /** Reachable and answering; `detail` says why not. */
  health(): Promise<{ ok: boolean; detail?: string }>;
}
