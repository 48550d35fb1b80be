import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';

/** Operations known by their SHA-256: the portal sends a hash instead of the query text. */
export type PersistedOperations = ReadonlyMap<string, string>;

/**
 * Reads a manifest `{ "<sha256 hex of the query>": "<query>" }`, such as the portal's build
 * writes. Each key is checked against its query, so a stale or hand-edited manifest stops
 * start-up instead of serving the wrong operation.
 */
export function readPersistedOperations(file: string | undefined): PersistedOperations {
  if (!file) return new Map();
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const operations = new Map<string, string>();
  for (const [hash, query] of Object.entries(manifest)) {
    if (typeof query !== 'string' || createHash('sha256').update(query).digest('hex') !== hash) {
      throw new Error(`persisted operations ${file}: the entry ${hash} is not the SHA-256 of its query`);
    }
    operations.set(hash, query);
  }
  return operations;
}

/**
 * Accepts `extensions.persistedQuery.sha256Hash` (the Apollo/urql convention) for known
 * operations; any other operation may still be sent in full, since this is a public API.
 * A persisted operation is validated and cost-checked like any other.
 */
export function usePortalPersistedOperations(operations: PersistedOperations): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: true,
    getPersistedOperation: (hash) => operations.get(hash) ?? null,
  });
}
