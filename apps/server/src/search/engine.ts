import type { SearchService } from '@parley/schema/search/service';
import type { DocumentChanges, DocumentRef, SearchDocument } from './document.ts';

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
  /**
   * Applies one outbox batch: removals, then upserts. Only an engine that must see the whole
   * batch before anything fails needs its own (see fallback-engine.ts); `applyChanges` does it
   * with `remove` and `index` otherwise.
   */
  apply?(changes: DocumentChanges): Promise<void>;
  /** Removes every document (before a rebuild). */
  clear(): Promise<void>;
  /** How many documents the index holds. */
  count(): Promise<number>;
  /** Reachable and answering; `detail` says why not. */
  health(): Promise<{ ok: boolean; detail?: string }>;
}

/** The indexer's write of one batch to an engine. */
export async function applyChanges(engine: SearchEngine, changes: DocumentChanges): Promise<void> {
  if (engine.apply) return engine.apply(changes);
  if (changes.removals.length > 0) await engine.remove(changes.removals);
  if (changes.upserts.length > 0) await engine.index(changes.upserts);
}
