import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labels, startTopic } from './search/contract.ts';
import { Reply, SimilarTopics, Suggestions } from './search/operations.ts';
import { type Actor, type ApiTest, startApiTest } from './support/api.ts';

// Meilisearch configured but not there (nothing listens on port 9): the server must start,
// take writes, and answer searches from the Postgres index kept behind it.
let api: ApiTest;
let customer: Actor;
let employee: Actor;

beforeAll(async () => {
  api = await startApiTest({
    config: { meili: { host: 'http://127.0.0.1:9', apiKey: undefined }, logLevel: 'error' },
    search: { autoIndex: false },
  });
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  customer = await api.actor('customer');
  employee = await api.actor('employee');
});
afterAll(() => api?.stop());

const topic = (title: string, body: string) => startTopic(customer, title, body);

describe('search while Meilisearch is unreachable', () => {
  it('answers search, suggestions and similar topics from the Postgres index, with nothing written meanwhile missing', async () => {
    const id = await topic('Payroll export walrus', 'The payroll export fails for walrus accounts.');
    const internal = await employee.data(Reply, {
      input: { topicId: id, body: 'Internal: walrus accounts are flagged in the ledger.', internal: true },
    });
    expect(internal.createPost.__typename).toBe('MutationCreatePostSuccess');
    const report = await api.app.search.indexer.drain();
    // Meilisearch refused the batch: it stays in the outbox for when it returns.
    expect(report.error).toBeDefined();
    expect(report.pending).toBeGreaterThan(0);

    expect(await labels(customer, 'walrus')).toEqual(['topic: Payroll export walrus']);
    expect(await labels(api.anonymous, 'walrus')).toEqual(['topic: Payroll export walrus']);
    // The internal note is indexed behind Meilisearch too, and still only for employees.
    expect(await labels(employee, 'ledger')).toHaveLength(1);
    expect(await labels(customer, 'ledger')).toEqual([]);

    const suggestions = await api.anonymous.data(Suggestions, { prefix: 'payroll exp' });
    if (suggestions.searchSuggestions.__typename !== 'QuerySearchSuggestionsSuccess')
      throw new Error(JSON.stringify(suggestions));
    expect(suggestions.searchSuggestions.data.map((s) => s.text)).toContain('Payroll export walrus');
    const similar = await api.anonymous.data(SimilarTopics, { title: 'payroll export broken' });
    if (similar.similarTopics.__typename !== 'QuerySimilarTopicsSuccess')
      throw new Error(JSON.stringify(similar));
    expect(similar.similarTopics.data.map((hit) => hit.topic.title)).toContain('Payroll export walrus');
  });

  it('reports Meilisearch as unavailable, with the waiting rows, on /health/search', async () => {
    const response = await fetch(api.app.url.replace(/\/graphql$/, '/health/search'));
    expect(response.status).toBe(503);
    const health = (await response.json()) as { status: string; engine: string; outbox: { pending: number } };
    expect(health).toMatchObject({ status: 'unavailable', engine: 'meilisearch' });
    expect(health.outbox.pending).toBeGreaterThan(0);
  });
});
