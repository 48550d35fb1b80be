import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTopic, Reply, Search, SimilarTopics, Suggestions } from './search/operations.ts';
import { type Actor, type ApiTest, type GraphQLResponse, startApiTest } from './support/api.ts';
import type { ResultOf, VariablesOf } from './support/graphql.ts';

let api: ApiTest;
let customer: Actor;
let employee: Actor;

beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
  customer = await api.actor('customer');
  employee = await api.actor('employee');
  for (const [title, body] of [
    ['Password reset email never arrives', 'I asked for a link: "reset" & nothing (again)!'],
    ['Bank feed stopped syncing', 'Café résumé naïve 日本語 עברית 🔥 emoji and RTL text.'],
    ['Quotes \' and " in a title', 'SELECT * FROM users; -- not a query'],
  ] as const) {
    const created = await customer.data(CreateTopic, {
      input: { category: 'banking', title, body, tags: [] },
    });
    if (created.createTopic.__typename !== 'MutationCreateTopicSuccess') throw new Error('no topic');
    await employee.data(Reply, {
      input: { topicId: created.createTopic.data.id, body: `Internal: ${body}`, internal: true },
    });
  }
  await api.app.search.indexer.drain();
});
afterAll(() => api?.stop());

async function problems(query: string, variables: { first?: number; after?: string } = {}) {
  const result = await customer.request(Search, { query, ...variables });
  expect(result.errors).toBeUndefined();
  const search = result.data?.search;
  return search?.__typename === 'ValidationError' ? search.problems : null;
}

describe('search refuses bad input with a ValidationError', () => {
  it('refuses an empty query, or one of only spaces and control characters', async () => {
    for (const query of ['', '   ', '\u0001\u0002', '\t\n\r']) {
      expect(await problems(query)).toEqual([{ field: 'query', message: 'must not be empty' }]);
    }
  });

  it('refuses the NUL character, which no text may hold, naming where it is', async () => {
    const result = await customer.request(Search, { query: 'invoice\u0000' });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['$query contains the NUL character (U+0000), which text may not hold.', 'BAD_USER_INPUT'],
    ]);
  });

  it('refuses a query longer than 500 characters, and accepts one of exactly 500', async () => {
    expect(await problems('a'.repeat(501))).toEqual([
      { field: 'query', message: 'must be at most 500 characters (it is 501)' },
    ]);
    expect(await problems('password '.repeat(56).slice(0, 500))).toBeNull();
  });

  it('refuses empty pages and cursors it did not make', async () => {
    expect(await problems('password', { first: 0 })).toEqual([
      { field: 'first', message: 'must be between 1 and 100 (it is 0)' },
    ]);
    expect(await problems('password', { after: 'bm90IGEgY3Vyc29y' })).toEqual([
      { field: 'after', message: 'is not a cursor from these search results' },
    ]);
  });

  it('refuses over-long prefixes and titles in suggestions and similar topics', async () => {
    const suggested = await customer.data(Suggestions, { prefix: 'x'.repeat(501) });
    expect(suggested.searchSuggestions.__typename).toBe('ValidationError');
    const similar = await customer.data(SimilarTopics, { title: 'x'.repeat(501) });
    expect(similar.similarTopics.__typename).toBe('ValidationError');
    expect(await customer.data(Suggestions, { prefix: '' })).toEqual({
      searchSuggestions: { __typename: 'QuerySearchSuggestionsSuccess', data: [] },
    });
  });
});

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  '"',
  "'",
  '`',
  '&',
  '|',
  '!',
  '(',
  ')',
  ':',
  '*',
  ':*',
  '<->',
  '<2>',
  '&&',
  '||',
  '!!',
  '\\',
  '\\\\',
  '-',
  '--',
  ' or ',
  ' OR ',
  ' and ',
  ' AND ',
  'NOT ',
  '"unclosed',
  'close"',
  '(((',
  ')))',
  '!(',
  '&!|',
  "'; DROP TABLE users; --",
  "1' OR '1'='1",
  '$1',
  '%',
  '_',
  '%_%',
  ';',
  '/*',
  '*/',
  "E'\\x00'",
  'password:*A',
  'reset:B',
  'a:*',
  "'x':*",
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\uFFFE',
  '\uFFFF',
  '\uD800',
  '\uDFFF',
  '\uE000',
  '\uE001',
  '\u200B',
  '\u200D',
  '\u202E',
  '\u2066',
  '\u00A0',
  '\u3000',
  'עברית',
  'مرحبا',
  '日本語',
  '한국어',
  'ß',
  'İ',
  'ǅ',
  'é',
  'e\u0301',
  'ﬁ',
  '🔥',
  '👩‍👩‍👧',
  '🇫🇷',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '<mark>',
  '</mark>',
  '<script>',
  '&lt;',
  '\n',
  '\t',
  '\r\n',
  ' ',
  'password',
  'reset',
  'bank',
  'feed',
  'syncing',
  'the',
  'a',
  'café',
  'emoji',
  'quotes',
  'select',
  'users',
];

function hostileString(next: () => number): string {
  const roll = next();
  if (roll < 0.03) return 'x'.repeat(480 + Math.floor(next() * 40));
  if (roll < 0.06) return Array.from({ length: 1 + Math.floor(next() * 6) }, () => ' ').join('');
  if (roll < 0.2) {
    // Arbitrary code points, including unassigned and private ones.
    return Array.from({ length: 1 + Math.floor(next() * 20) }, () =>
      String.fromCodePoint(Math.floor(next() * 0x10ffff) % 0xd800),
    ).join('');
  }
  const parts = 1 + Math.floor(next() * 12);
  let text = '';
  for (let i = 0; i < parts; i++) text += HOSTILE[Math.floor(next() * HOSTILE.length)] ?? '';
  return text;
}

/**
 * Runs an operation through the server's whole GraphQL pipeline (auth, limits, masking) in
 * process, without a socket: thousands of fuzz requests stay fast.
 */
async function inProcess<Document extends typeof Search | typeof Suggestions | typeof SimilarTopics>(
  actor: Actor,
  document: Document,
  variables: VariablesOf<Document>,
): Promise<GraphQLResponse<ResultOf<Document>>> {
  const response = await api.app.yoga.fetch('http://parley.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(actor.token ? { authorization: `Bearer ${actor.token}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  expect(response.status, JSON.stringify(variables)).toBe(200);
  return (await response.json()) as GraphQLResponse<ResultOf<Document>>;
}

/** Text with NUL is refused before any resolver runs (one BAD_USER_INPUT error), and only that text. */
function refusedForNul(result: GraphQLResponse<unknown>, text: string): boolean {
  if (!text.includes('\u0000')) return false;
  expect(result.errors?.[0]?.extensions?.code, JSON.stringify(text)).toBe('BAD_USER_INPUT');
  expect(result.errors?.[0]?.message).toContain('contains the NUL character');
  return true;
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let index = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (index < items.length) await work(items[index++] as T);
    }),
  );
}

describe('search survives hostile input', () => {
  it('answers thousands of random and hostile strings with results or ValidationErrors, never a server error', async () => {
    const next = random(20261126);
    const queries = Array.from({ length: 2000 }, () => hostileString(next));
    const outcomes = { results: 0, hits: 0, refused: 0 };
    await inParallel(queries, 8, async (query) => {
      const roll = next();
      const actor = roll < 0.4 ? api.anonymous : roll < 0.7 ? customer : employee;
      const result = await inProcess(actor, Search, { query, first: 5 });
      if (refusedForNul(result, query)) {
        outcomes.refused++;
        return;
      }
      expect(result.errors, `query ${JSON.stringify(query)}`).toBeUndefined();
      const search = result.data?.search;
      if (search?.__typename === 'QuerySearchSuccess') {
        outcomes.results++;
        outcomes.hits += search.data.edges.length;
      } else {
        expect(search?.__typename, `query ${JSON.stringify(query)}`).toBe('ValidationError');
        outcomes.refused++;
      }
    });
    expect(outcomes.results + outcomes.refused).toBe(queries.length);
    // Both paths were exercised, and hostile strings around real words still find things.
    expect(outcomes.refused).toBeGreaterThan(0);
    expect(outcomes.hits).toBeGreaterThan(0);
  }, 120_000);

  it('does the same for suggestions and similar topics', async () => {
    const next = random(7);
    const inputs = Array.from({ length: 500 }, () => hostileString(next));
    await inParallel(inputs, 8, async (text) => {
      const suggested = await inProcess(api.anonymous, Suggestions, { prefix: text });
      if (refusedForNul(suggested, text)) return;
      expect(suggested.errors, `prefix ${JSON.stringify(text)}`).toBeUndefined();
      expect(['QuerySearchSuggestionsSuccess', 'ValidationError']).toContain(
        suggested.data?.searchSuggestions.__typename,
      );
      const similar = await inProcess(api.anonymous, SimilarTopics, { title: text });
      if (refusedForNul(similar, text)) return;
      expect(similar.errors, `title ${JSON.stringify(text)}`).toBeUndefined();
      expect(['QuerySimilarTopicsSuccess', 'ValidationError']).toContain(
        similar.data?.similarTopics.__typename,
      );
    });
  }, 120_000);

  it('never shows internal notes to a customer, whatever the query', async () => {
    const next = random(99);
    for (let i = 0; i < 200; i++) {
      const query = `internal ${hostileString(next)}`.slice(0, 500);
      const result = await inProcess(i % 2 === 0 ? customer : api.anonymous, Search, { query, first: 50 });
      const search = result.data?.search;
      if (search?.__typename !== 'QuerySearchSuccess') continue;
      for (const edge of search.data.edges) {
        if (edge.node.__typename === 'PostHit') expect(edge.node.post.internal).toBe(false);
      }
    }
  }, 60_000);
});
