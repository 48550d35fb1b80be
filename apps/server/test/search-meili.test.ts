import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { createMeiliEngine } from '../src/search/meili-engine.ts';
import { searchContract } from './search/contract.ts';
import { meiliApiKey, meiliHost } from './support/test-env.ts';

// The same contract as the Postgres engine, against a real Meilisearch: only where MEILI_HOST
// names one. Nothing here fakes a server, so without one the suite is skipped, and says why.
const skipped = meiliHost
  ? null
  : 'MEILI_HOST is not set: no Meilisearch server to run the search contract against';
if (skipped) console.info(`[search-meili] skipped: ${skipped}`);

// Every contract test is registered either way, so a run without a server lists each as skipped.
describe.skipIf(skipped !== null)(skipped ? `Meilisearch (skipped: ${skipped})` : 'Meilisearch', () => {
  const host = meiliHost ?? '';
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
});
