import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_REQUEST_BYTES } from '../src/limits/body-limit.ts';
import { createClientAddressOf } from '../src/limits/client-address.ts';
import { QUERY_LIMITS } from '../src/limits/cost-limits.ts';
import { type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { redisUrl } from './support/test-env.ts';

const CreateToken = graphql(`
  mutation LimitsToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) { __typename ... on MutationCreateApiTokenSuccess { data { secret } } }
  }
`);

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function ask(
  url: string,
  query: string,
  headers: Record<string, string> = {},
  variables = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer['body'],
  };
}

describe('rate limits', () => {
  let api: ApiTest;
  beforeAll(async () => {
    api = await startApiTest({
      config: { rateLimits: { anonymousPerMinute: 3, tokenPerMinute: 4, sessionPerMinute: 1000 } },
    });
  });
  afterAll(() => api?.stop());

  it('counts anonymous requests per address, with standard headers, then refuses with 429 and RateLimitedError', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ask(api.app.url, '{ __typename }'));
    expect(answers.slice(0, 3).map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers[0]?.headers.get('ratelimit-limit')).toBe('3');
    expect(answers[0]?.headers.get('ratelimit-policy')).toBe('3;w=60');
    const refused = answers[3];
    expect(refused?.status).toBe(429);
    const wait = Number(refused?.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused?.body).toEqual({
      errors: [
        {
          message: `Too many requests. Try again in ${wait} second${wait === 1 ? '' : 's'}.`,
          extensions: { code: 'RateLimitedError', retryAfterSeconds: wait },
        },
      ],
    });
  });

  it('gives each token its own budget, apart from the address', async () => {
    const owner = await api.actor('customer');
    const result = await owner.data(CreateToken, { input: { name: 'limited', scopes: ['READ'] } });
    if (result.createApiToken.__typename !== 'MutationCreateApiTokenSuccess') throw new Error('no token');
    const bearer = { authorization: `Bearer ${result.createApiToken.data.secret}` };
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await ask(api.app.url, '{ viewer { email } }', bearer)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('refuses a graphql-ws subscribe over the budget with the same error', async () => {
    const client = createClient({
      url: api.app.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const error = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: 'subscription { categoryActivity { __typename } }' },
          { next: () => {}, error: resolve, complete: () => resolve(null) },
        );
      });
      expect(error).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'RateLimitedError' }) }),
      ]);
    } finally {
      await client.dispose();
    }
  });
});

/** A request on an exact path (fetch would tidy `//graphql`), answered as status and body. */
function askPath(
  url: string,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('paths other than /graphql', () => {
  let api: ApiTest;
  beforeAll(async () => {
    api = await startApiTest({
      config: { rateLimits: { anonymousPerMinute: 2, tokenPerMinute: 10, sessionPerMinute: 10 } },
    });
  });
  afterAll(() => api?.stop());

  const query = JSON.stringify({ query: '{ __typename }' });

  it('runs no operation on a path yoga would otherwise serve (a trailing or doubled slash)', async () => {
    for (const path of ['/graphql/', '//graphql', '/x/graphql', '/graphql//', '/?/graphql']) {
      const answer = await askPath(api.app.url, path, query, { 'x-forwarded-for': '203.0.113.20' });
      expect([path, answer.status, answer.body.includes('__typename')]).toEqual([path, 404, false]);
      // A bad token is refused nowhere else either.
      const bad = await askPath(api.app.url, path, query, { authorization: 'Bearer nonsense' });
      expect([path, bad.status]).toEqual([path, 404]);
    }
    // The refusals spent nothing: this address still has its whole budget on /graphql.
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await askPath(api.app.url, '/graphql', query, { 'x-forwarded-for': '203.0.113.20' })).status,
      );
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('request size', () => {
  let api: ApiTest;
  beforeAll(async () => {
    api = await startApiTest();
  });
  afterAll(() => api?.stop());

  const padded = (bytes: number) =>
    JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes) } });

  it(`refuses a body over ${MAX_REQUEST_BYTES} bytes with 413, with or without Content-Length`, async () => {
    const big = padded(MAX_REQUEST_BYTES + 1);
    const declared = await askPath(api.app.url, '/graphql', big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toEqual({
      errors: [
        {
          message: `The request body is over ${MAX_REQUEST_BYTES} bytes.`,
          extensions: { code: 'PAYLOAD_TOO_LARGE', max: MAX_REQUEST_BYTES },
        },
      ],
    });
    const chunked = await askPath(api.app.url, '/graphql', big, { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('serves a large body under the limit as usual', async () => {
    for (const headers of [{}, { 'transfer-encoding': 'chunked' }] as Record<string, string>[]) {
      const answer = await askPath(api.app.url, '/graphql', padded(MAX_REQUEST_BYTES - 1_000), headers);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
    }
  });
});

describe.skipIf(!redisUrl)('rate limits across two instances on Redis', () => {
  it('one budget per address, whichever instance answers', async () => {
    const config = {
      redisUrl,
      rateLimits: {
        anonymousPerMinute: 4,
        tokenPerMinute: 100,
        sessionPerMinute: 100,
        redisPrefix: `parley-test-${randomBytes(4).toString('hex')}`,
      },
    };
    const first = await startApiTest({ config });
    const second = await startApiTest({ config });
    try {
      const statuses = [];
      for (const app of [first, second, first, second, first, second])
        statuses.push((await ask(app.app.url, '{ __typename }')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});

describe('cost limits', () => {
  let api: ApiTest;
  const statements: string[] = [];
  beforeAll(async () => {
    // Background work (the webhook dispatcher, the search indexer) polls; only the API's own SQL counts.
    api = await startApiTest({
      onQuery: (sql) => {
        if (!/webhook|search_|topics t\b|COMMIT|BEGIN|ROLLBACK/.test(sql)) statements.push(sql);
      },
    });
  });
  afterAll(() => api?.stop());

  /**
   * Sends a hostile operation; it must be refused with 400 (GraphQL over HTTP's media type),
   * code QUERY_LIMIT_EXCEEDED and the limit named, before any SQL runs.
   */
  async function refused(query: string, variables = {}, status = 400) {
    statements.length = 0;
    const answer = await ask(api.app.url, query, { accept: 'application/graphql-response+json' }, variables);
    expect(answer.status).toBe(status);
    expect(statements).toEqual([]);
    const errors = answer.body.errors ?? [];
    expect(errors[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: expect.any(String) });
    return errors.map((error) => error.message);
  }

  it('refuses deep nesting', async () => {
    const deep = `{ topics(first: 1) { edges { node { posts(first: 1) { edges { node { topic { posts(first: 1) { edges { node { topic { posts(first: 1) { edges { node { topic { title } } } } } } } } } } } } } } } }`;
    expect(await refused(deep)).toEqual([
      `Syntax Error: Query depth limit of ${QUERY_LIMITS.depth} exceeded, found 16.`,
    ]);
  });

  it('refuses alias bombs', async () => {
    const bomb = `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: topics(first: 100) { edges { cursor } }`).join(' ')} }`;
    const messages = await refused(bomb);
    expect(messages).toContain(`Syntax Error: Aliases limit of ${QUERY_LIMITS.aliases} exceeded, found 50.`);
  });

  it('refuses directive floods', async () => {
    const flood = `{ __typename ${'@include(if: true) '.repeat(60)} }`;
    expect((await refused(flood)).join(' ')).toMatch(
      `Directives limit of ${QUERY_LIMITS.directives} exceeded`,
    );
  });

  it('refuses documents with too many tokens', async () => {
    const huge = `{ ${'__typename '.repeat(QUERY_LIMITS.tokens + 10)} }`;
    expect((await refused(huge)).join(' ')).toMatch(`Token limit of ${QUERY_LIMITS.tokens} exceeded`);
  });

  it('refuses a huge first, as a literal or a variable (an argument error, answered 200 like before)', async () => {
    expect(await refused('{ topics(first: 1000000) { edges { node { id } } } }', {}, 200)).toEqual([
      `first must be between 0 and ${QUERY_LIMITS.pageSize} (it is 1000000).`,
    ]);
    const viaVariable = await refused(
      'query($n: Int) { topics(first: $n) { edges { node { id } } } }',
      { n: 5000 },
      200,
    );
    expect(viaVariable).toEqual(['first must be between 0 and 100 (it is 5000).']);
  });

  it('refuses more than a page of ids to nodes, as a variable, a default or a literal', async () => {
    const ids = (count: number) =>
      Array.from({ length: count }, (_, i) => Buffer.from(`Topic:${i}`).toString('base64'));
    const message = (count: number) =>
      `ids may hold at most ${QUERY_LIMITS.pageSize} items (it has ${count}).`;
    expect(
      await refused('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(20_000) }, 200),
    ).toEqual([message(20_000)]);
    expect(
      await refused(`query($ids: [ID!]! = ${JSON.stringify(ids(101))}) { nodes(ids: $ids) { id } }`, {}, 200),
    ).toEqual([message(101)]);
    expect(await refused(`{ nodes(ids: ${JSON.stringify(ids(101))}) { id } }`, {}, 200)).toEqual([
      message(101),
    ]);
    const page = await ask(
      api.app.url,
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      {},
      { ids: ids(100) },
    );
    expect(page.body.errors).toBeUndefined();
  });

  it('counts a list argument at its real length', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => Buffer.from(`Topic:${i}`).toString('base64'));
    // 100 topics × 100 posts each: far over the budget, though nodes alone is a fair page.
    const [message] = await refused(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Topic { posts(first: 100) { edges { node { body author { handle } } } } } } }',
      { ids },
    );
    expect(message).toMatch(`Query cost limit of ${QUERY_LIMITS.cost} exceeded`);
  });

  it('refuses nested lists that would resolve too many objects, naming the budget', async () => {
    const wide = `{ topics(first: 100) { edges { node { title posts(first: 100) { edges { node { body reactions { kind count } author { handle displayName } } } } } } } }`;
    const [message] = await refused(wide);
    expect(message).toMatch(
      new RegExp(
        `^Query cost limit of ${QUERY_LIMITS.cost} exceeded: this operation would resolve about \\d+ objects`,
      ),
    );
  });

  it('lets ordinary pages and introspection through', async () => {
    const page = await ask(
      api.app.url,
      '{ topics(first: 50) { edges { node { id title author { handle } category { slug } tags { slug } posts(first: 20) { totalCount } } } pageInfo { hasNextPage } } }',
    );
    expect(page.status).toBe(200);
    expect(page.body.errors).toBeUndefined();
    const introspection = await ask(api.app.url, getIntrospectionQuery());
    expect(introspection.status).toBe(200);
    expect(introspection.body.errors).toBeUndefined();
  });
});

describe('explorer and CORS', () => {
  let api: ApiTest;
  beforeAll(async () => {
    api = await startApiTest();
  });
  afterAll(() => api?.stop());

  it('serves GraphiQL with example operations to a browser, without a CDN', async () => {
    const response = await fetch(api.app.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Parley API explorer');
    expect(html).toContain('query LatestTopics');
    expect(html).not.toMatch(/unpkg\.com|jsdelivr/);
  });

  it('lets any site call with a token, but only the portal with cookies', async () => {
    const preflight = (origin: string) =>
      fetch(api.app.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const thirdParty = await preflight('https://crm.example');
    expect(thirdParty.headers.get('access-control-allow-origin')).toBe('https://crm.example');
    expect(thirdParty.headers.get('access-control-allow-credentials')).toBeNull();
    expect(thirdParty.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(thirdParty.headers.get('access-control-allow-headers')).not.toContain('x-parley-csrf');
    const portal = await preflight('http://localhost:3000');
    expect(portal.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(portal.headers.get('access-control-allow-credentials')).toBe('true');

    const answer = await fetch(api.app.url, {
      method: 'POST',
      headers: { origin: 'https://crm.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.headers.get('access-control-expose-headers')).toContain('ratelimit-remaining');
  });
});

describe('persisted operations', () => {
  const query = 'query PortalLatest { topics(first: 5) { edges { node { id } } } }';
  const hash = createHash('sha256').update(query).digest('hex');
  let api: ApiTest;
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'parley-persisted-'));
    const file = join(directory, 'persisted-operations.json');
    await writeFile(file, JSON.stringify({ [hash]: query }));
    api = await startApiTest({ config: { persistedOperationsFile: file } });
  });
  afterAll(async () => {
    await api?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  const byHash = (sha256Hash: string) =>
    fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    }).then(async (response) => (await response.json()) as Answer['body']);

  it('runs a known operation sent by its hash, and still takes full queries', async () => {
    expect(await byHash(hash)).toEqual({ data: { topics: { edges: [] } } });
    expect((await ask(api.app.url, '{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers an unknown hash with PersistedQueryNotFound', async () => {
    const answer = await byHash('0'.repeat(64));
    expect(answer.errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });
});

describe('addresses behind a proxy (X-Forwarded-For)', () => {
  const forwardedFor = (address: string) => ({ 'x-forwarded-for': address });
  const statuses = async (url: string, headers: Record<string, string>, times: number) => {
    const seen = [];
    for (let i = 0; i < times; i++) seen.push((await ask(url, '{ __typename }', headers)).status);
    return seen;
  };

  describe('from a trusted proxy (loopback, the default: the portal beside the server)', () => {
    let api: ApiTest;
    beforeAll(async () => {
      api = await startApiTest({
        config: { rateLimits: { anonymousPerMinute: 2, tokenPerMinute: 10, sessionPerMinute: 10 } },
      });
    });
    afterAll(() => api?.stop());

    it("counts each forwarded reader on their own budget, not the proxy's", async () => {
      expect(await statuses(api.app.url, forwardedFor('203.0.113.7'), 3)).toEqual([200, 200, 429]);
      // Another reader behind the same portal still has a full budget.
      expect(await statuses(api.app.url, forwardedFor('203.0.113.8'), 2)).toEqual([200, 200]);
      // A chain is read from the right: what the client wrote itself in front does not count.
      expect(await statuses(api.app.url, forwardedFor('198.51.100.1, 203.0.113.7'), 1)).toEqual([429]);
      expect(await statuses(api.app.url, forwardedFor('203.0.113.7, 203.0.113.9'), 2)).toEqual([200, 200]);
      // The proxy's own address was never spent.
      expect(await statuses(api.app.url, {}, 2)).toEqual([200, 200]);
    });
  });

  describe('from an address that is not a trusted proxy', () => {
    let api: ApiTest;
    beforeAll(async () => {
      api = await startApiTest({
        config: {
          rateLimits: { anonymousPerMinute: 2, tokenPerMinute: 10, sessionPerMinute: 10 },
          trustedProxies: ['192.0.2.1'],
        },
      });
    });
    afterAll(() => api?.stop());

    it("ignores a spoofed header: every request spends the connection's own budget", async () => {
      expect(await statuses(api.app.url, forwardedFor('203.0.113.10'), 1)).toEqual([200]);
      expect(await statuses(api.app.url, forwardedFor('203.0.113.11'), 1)).toEqual([200]);
      expect(await statuses(api.app.url, forwardedFor('203.0.113.12'), 1)).toEqual([429]);
    });
  });

  it('walks the chain right to left past every trusted hop, and stops at anything not an address', () => {
    const addressOf = createClientAddressOf(['loopback', '10.0.0.0/8']);
    expect(addressOf('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.5, 10.1.2.3')).toBe('203.0.113.5');
    expect(addressOf('::1', '2001:db8::1')).toBe('2001:db8::1');
    expect(addressOf('127.0.0.1', 'garbage, 10.0.0.9')).toBe('10.0.0.9');
    expect(addressOf('127.0.0.1', null)).toBe('127.0.0.1');
    expect(addressOf('192.0.2.50', '203.0.113.5')).toBe('192.0.2.50');
    expect(createClientAddressOf([])('127.0.0.1', '203.0.113.5')).toBe('127.0.0.1');
  });
});
