import type { Logger } from '../log.ts';
import { applyChanges, type SearchEngine } from './engine.ts';

/**
 * Meilisearch with the Postgres engine behind it. Every batch is indexed into Postgres first
 * (its index lives in the application's own database, so it is there whenever the server is),
 * then into Meilisearch; a Meilisearch failure leaves the batch in the outbox, and the retry
 * upserts the same Postgres rows again, which changes nothing. Reads go to Meilisearch and,
 * while it does not answer, to Postgres: search degrades to the default engine's ranking
 * instead of failing, and nothing written meanwhile is missing from it.
 */
export function createFallbackEngine(
  primary: SearchEngine,
  fallback: SearchEngine,
  logger: Logger,
): SearchEngine {
  let failing = false;
  async function read<T>(ask: (engine: SearchEngine) => Promise<T>): Promise<T> {
    try {
      const answer = await ask(primary);
      if (failing) {
        failing = false;
        logger.info(`search: ${primary.name} answers again`);
      }
      return answer;
    } catch (error) {
      // One line per outage, not one per query.
      if (!failing) {
        failing = true;
        logger.warn(
          `search: ${primary.name} failed (${error instanceof Error ? error.message : String(error)}); answering from ${fallback.name} until it returns`,
        );
      }
      return ask(fallback);
    }
  }
  return {
    name: primary.name,
    setup: () => primary.setup(),
    async index(documents) {
      await fallback.index(documents);
      await primary.index(documents);
    },
    // The whole batch reaches Postgres before Meilisearch can refuse any of it.
    async apply(changes) {
      await applyChanges(fallback, changes);
      await applyChanges(primary, changes);
    },
    async remove(refs) {
      await fallback.remove(refs);
      await primary.remove(refs);
    },
    async clear() {
      await fallback.clear();
      await primary.clear();
    },
    // Either index empty (a new Meilisearch, or one configured before Postgres was kept
    // behind it) makes the server rebuild both at start.
    count: async () => Math.min(await primary.count(), await fallback.count()),
    health: () => primary.health(),
    search: (request) => read((engine) => engine.search(request)),
    suggest: (request) => read((engine) => engine.suggest(request)),
    similarTopics: (request) => read((engine) => engine.similarTopics(request)),
  };
}
