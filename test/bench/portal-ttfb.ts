// `npm run bench -- portal-ttfb`: the production portal (`next start`) server-rendering topic
// pages against the real server on the seeded demo community, against the same reader's data
// fetched straight from the GraphQL API: the two queries the page's render cannot do without.
import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { postgresUrl } from '@parley/server/test-support/test-env';
import { print } from 'graphql';
import pg from 'pg';
import { TopicPage } from '../../apps/portal/src/app/t/[id]/[[...slug]]/topic-query.ts';
import { ViewerQuery } from '../../apps/portal/src/lib/viewer-query.ts';
import { type RunningPortal, startPortal } from '../support/portal.ts';
import { admin, type ChildServer, seedDemo, spawnServer, withDatabase } from './api.ts';

export interface PortalTtfbOptions {
  /** Topics visited in turn, the most replied-to first. @default 20 */
  topics?: number;
  /** Passes over every topic, per reader, after warm-up. @default 15 */
  rounds?: number;
  /** Unmeasured passes first (JIT, Next.js's lazily loaded route modules, pools). @default 2 */
  warmupRounds?: number;
}

interface Reader {
  label: string;
  /** The portal's session cookie; the API gets the same token as a Bearer credential. */
  token: string | undefined;
}

interface Timings {
  /** Request sent to first byte of the body. */
  ttfb: number[];
  /** Request sent to last byte. */
  total: number[];
}

interface ReaderResult {
  reader: string;
  portal: Timings;
  baseline: Timings;
  /** Bytes of the portal's HTML for the first topic, as a sanity check. */
  htmlBytes: number;
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** Runs the benchmark and returns its Markdown section, or undefined when skipped. */
export async function portalTtfbBenchmark(
  machine: string,
  options: PortalTtfbOptions = {},
): Promise<string | undefined> {
  if (!postgresUrl) {
    console.log(
      '[bench] portal-ttfb skipped: it needs a real PostgreSQL server; set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test',
    );
    return undefined;
  }
  const settings = {
    topics: options.topics ?? 20,
    rounds: options.rounds ?? 15,
    warmupRounds: options.warmupRounds ?? 2,
  };
  const name = `parley_bench_ttfb_${process.pid}`;
  const databaseUrl = withDatabase(postgresUrl, name);
  await admin(postgresUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(postgresUrl, `CREATE DATABASE "${name}"`);
  let server: ChildServer | undefined;
  let portal: RunningPortal | undefined;
  const cleanUp = async () => {
    await portal?.stop();
    await server?.stop();
    await admin(postgresUrl ?? '', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  const interrupted = () => {
    console.log('\n[bench] interrupted: stopping the portal and the server, dropping the database');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  try {
    console.log(`[bench] portal-ttfb: database ${name}: migrating and seeding the demo community…`);
    await seedDemo(databaseUrl);
    const { topics, customer, employee, version } = await facts(databaseUrl, settings.topics);
    server = await spawnServer('graphql', databaseUrl);
    portal = await startPortal(server.url);
    const apiUrl = server.url;
    const readers: Reader[] = [
      { label: 'anonymous', token: undefined },
      { label: `customer (@${customer})`, token: await signIn(apiUrl, customer) },
      { label: `employee (@${employee}, sees internal notes)`, token: await signIn(apiUrl, employee) },
    ];
    const pageQuery = print(TopicPage);
    const viewerQuery = print(ViewerQuery);
    const results: ReaderResult[] = [];
    for (const reader of readers) {
      const portalUrl = portal.url;
      const cookie: Record<string, string> = reader.token ? { cookie: `parley_session=${reader.token}` } : {};
      const bearer: Record<string, string> = reader.token ? { authorization: `Bearer ${reader.token}` } : {};
      const visitPortal = (topic: BenchTopic) => timedRequest(`${portalUrl}${topic.path}`, 'GET', cookie);
      // What the page's render fetches, as it does: the topic and the viewer, in parallel.
      const visitApi = async (topic: BenchTopic) => {
        const started = performance.now();
        const answers = await Promise.all([
          timedRequest(
            apiUrl,
            'POST',
            bearer,
            { query: pageQuery, variables: { id: topic.number } },
            started,
          ),
          timedRequest(apiUrl, 'POST', bearer, { query: viewerQuery, variables: {} }, started),
        ]);
        return {
          status: Math.max(...answers.map((answer) => answer.status)),
          ttfb: Math.max(...answers.map((answer) => answer.ttfb)),
          total: Math.max(...answers.map((answer) => answer.total)),
          bytes: answers.reduce((sum, answer) => sum + answer.bytes, 0),
        };
      };
      const first = topics[0];
      if (!first) throw new Error('no topics to visit');
      const check = await visitPortal(first);
      if (check.status !== 200) throw new Error(`the portal answered ${check.status} for ${first.path}`);
      const result: ReaderResult = {
        reader: reader.label,
        portal: { ttfb: [], total: [] },
        baseline: { ttfb: [], total: [] },
        htmlBytes: check.bytes,
      };
      for (let round = 0; round < settings.warmupRounds + settings.rounds; round++) {
        for (const [index, topic] of topics.entries()) {
          // Alternate which goes first so neither always meets a warmer cache.
          const order =
            (round + index) % 2 === 0 ? (['portal', 'baseline'] as const) : (['baseline', 'portal'] as const);
          for (const side of order) {
            const answer = side === 'portal' ? await visitPortal(topic) : await visitApi(topic);
            if (answer.status !== 200) throw new Error(`${side} answered ${answer.status} for ${topic.path}`);
            if (round >= settings.warmupRounds) {
              result[side].ttfb.push(answer.ttfb);
              result[side].total.push(answer.total);
            }
          }
        }
      }
      const portalP95 = quantile(result.portal.ttfb, 0.95);
      console.log(
        `[bench] portal-ttfb: ${reader.label}: portal TTFB p50 ${quantile(result.portal.ttfb, 0.5).toFixed(1)} ms, ` +
          `p95 ${portalP95.toFixed(1)} ms; API p50 ${quantile(result.baseline.ttfb, 0.5).toFixed(1)} ms`,
      );
      results.push(result);
    }
    return toMarkdown(results, { machine, version, ...settings, topics: topics.length });
  } finally {
    process.off('SIGINT', interrupted);
    await cleanUp();
  }
}

interface BenchTopic {
  number: string;
  path: string;
}

/** The most replied-to visible topics (the heaviest pages), a customer and an employee to sign in as. */
async function facts(
  databaseUrl: string,
  count: number,
): Promise<{ topics: BenchTopic[]; customer: string; employee: string; version: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const topics = await client.query<{ id: number; slug: string }>(
      'SELECT id, slug FROM topics WHERE NOT hidden ORDER BY reply_count DESC, id LIMIT $1',
      [count],
    );
    const person = async (kind: string) =>
      (
        await client.query<{ handle: string }>(
          'SELECT handle FROM users WHERE kind = $1 ORDER BY id LIMIT 1',
          [kind],
        )
      ).rows[0]?.handle ?? '';
    return {
      topics: topics.rows.map((row) => ({ number: String(row.id), path: `/t/${row.id}/${row.slug}` })),
      customer: await person('CUSTOMER'),
      employee: await person('EMPLOYEE'),
      version: version.rows[0]?.server_version.split(' ')[0] ?? 'unknown',
    };
  } finally {
    await client.end();
  }
}

async function signIn(apiUrl: string, login: string): Promise<string> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($login: String!, $password: String!) { signIn(input: { login: $login, password: $password }) {
        ... on MutationSignInSuccess { data { token } } } }`,
      variables: { login, password: 'parley-demo' },
    }),
  });
  const result = (await response.json()) as { data?: { signIn: { data?: { token: string } } } };
  const token = result.data?.signIn.data?.token;
  if (!token) throw new Error(`could not sign in @${login}`);
  return token;
}

/** One request on a kept-alive connection: milliseconds to the first byte of the body, and to the last. */
function timedRequest(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: unknown,
  started = performance.now(),
): Promise<{ status: number; ttfb: number; total: number; bytes: number }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        agent: keepAlive,
        headers: {
          ...headers,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (response) => {
        let ttfb = 0;
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          if (bytes === 0) ttfb = performance.now() - started;
          bytes += chunk.length;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, ttfb, total: performance.now() - started, bytes }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function toMarkdown(
  results: readonly ReaderResult[],
  context: { machine: string; version: string; topics: number; rounds: number; warmupRounds: number },
): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${context.machine}, PostgreSQL ${context.version} on the same machine; ` +
      `demo community, the ${context.topics} most replied-to topics in turn, ${context.rounds} passes per reader after ` +
      `${context.warmupRounds} of warm-up (${context.topics * context.rounds} requests per reader and side), one request at a time, ` +
      'portal and API alternated; load average (1 min) at the end: ' +
      `${loadavg()[0]?.toFixed(2)}.`,
    '',
    '| reader | contender | TTFB p50 | p95 | p99 | complete p50 | p95 | TTFB p95 portal / API |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const row = (reader: string, label: string, timings: Timings, ratio: string) =>
      `| ${reader} | ${label} | ${ms(quantile(timings.ttfb, 0.5))} | ${ms(quantile(timings.ttfb, 0.95))} | ` +
      `${ms(quantile(timings.ttfb, 0.99))} | ${ms(quantile(timings.total, 0.5))} | ${ms(quantile(timings.total, 0.95))} | ${ratio} |`;
    lines.push(row(result.reader, "API: the page's two queries, in parallel", result.baseline, ''));
    const ratio = quantile(result.portal.ttfb, 0.95) / quantile(result.baseline.ttfb, 0.95);
    lines.push(
      row(
        '',
        `portal: \`GET /t/<n>/<slug>\` (${(result.htmlBytes / 1024).toFixed(0)} kB of HTML)`,
        result.portal,
        `**${ratio.toFixed(2)}×**`,
      ),
    );
  }
  return lines.join('\n');
}
