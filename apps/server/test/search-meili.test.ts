import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { createMeiliEngine } from '../src/search/meili-engine.ts';
import { searchContract } from './search/contract.ts';
import { meiliApiKey, meiliHost } from './support/test-env.ts';

// The same contract as the Postgres engine, against a real Meilisearch: only where MEILI_HOST
// names one. Nothing here fakes a server, so without one the suite is skipped, and says why.
if (meiliHost) {
  const host = meiliHost;
  searchContract(
    `Meilisearch at ${host}`,
    () => ({
      engine: createMeiliEngine({
        host,
        apiKey: meiliApiKey,
        // An index of its own per run, so runs and files never see each other's documents.
        indexUid: `parley_test_${randomBytes(6).toString('hex')}`,
      }),
    }),
    { stemming: false },
  );
} else {
  const reason = 'MEILI_HOST is not set: no Meilisearch server to run the search contract against';
  console.info(`[search-meili] skipped: ${reason}`);
  describe.skip(`search contract: Meilisearch (skipped: ${reason})`, () => {
    it('runs the search contract against Meilisearch', () => {});
  });
}
