// `npm run bench -- api`: the GraphQL API over real HTTP under load, against a hand-written
// node:http + pg server answering the same JSON (raw-baseline.ts), on PostgreSQL with the demo
// community scaled to 10,000 topics. Each server runs in its own process; this one only drives
// the load (autocannon), so neither server shares its event loop with the load generator.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { type ReindexReport, reindex } from '@parley/server/search/reindex';
import { postgresUrl } from '@parley/server/test-support/test-env';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchApp } from './bench-app.ts';
import type { LoadFigures } from './http-load.ts';
import { startRawBaseline } from './raw-baseline.ts';
import { type ScaleSummary, scaleDemoData } from './scale-data.ts';

/** The home page's list, one page of 50. */
export const topicListQuery = `{
  topics(first: 50) {
    edges {
      node {
        id title kind status replyCount voteCount createdAt
        author { handle displayName kind }
        category { slug name }
        tags { slug }
      }
    }
  }
}`;

/** A topic page: the topic, then its first 20 replies with their authors. */
export const topicPageQuery = `query TopicPage($id: ID!) {
  topic(id: $id) {
    id title kind status replyCount voteCount createdAt
    author { handle displayName kind }
    category { slug name }
    tags { slug }
    body
    posts(first: 20) {
      pageInfo { hasNextPage }
      edges { node { id body createdAt author { handle displayName kind } } }
    }
  }
}`;

export interface ApiBenchOptions {
  /** Topics in the database, demo ones included. @default 10000 */
  topics?: number;
  /** @default 32 */
  connections?: number;
  /** Measured seconds per run. @default 10 */
  seconds?: number;
  /** Unmeasured seconds before every run (pools reconnect, JIT). @default 2 */
  warmupSeconds?: number;
  /** Runs per server per scenario, alternating baseline and GraphQL. @default 2 */
  rounds?: number;
}

/** One measured run; `serverCpuMs` is the server process's CPU per request, where /proc tells it. */
type Run = LoadFigures & { serverCpuMs: number | undefined };

interface Side {
  label: string;
  runs: Run[];
}

interface ScenarioResult {
  name: string;
  baseline: Side;
  graphql: Side;
}

/** Runs the API benchmark and returns its Markdown section, or undefined when skipped. */
export async function apiBenchmark(
  machine: string,
  options: ApiBenchOptions = {},
): Promise<string | undefined> {
  if (!postgresUrl) {
    console.log(
      '[bench] api skipped: it needs a real PostgreSQL server; set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test',
    );
    return undefined;
  }
  const settings = {
    topics: options.topics ?? 10_000,
    connections: options.connections ?? 32,
    seconds: options.seconds ?? 10,
    warmupSeconds: options.warmupSeconds ?? 2,
    rounds: options.rounds ?? 2,
  };
  const name = `parley_bench_${process.pid}`;
  const databaseUrl = withDatabase(postgresUrl, name);
  await admin(postgresUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(postgresUrl, `CREATE DATABASE "${name}"`);
  const servers: ChildServer[] = [];
  const cleanUp = async () => {
    await Promise.allSettled(servers.map((server) => server.stop()));
    await admin(postgresUrl ?? '', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  const interrupted = () => {
    console.log('\n[bench] interrupted: stopping the servers and dropping the database');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  try {
    console.log(`[bench] api: database ${name}: migrating and seeding the demo community…`);
    await seedDemo(databaseUrl);
    const scale = await scaleDemoData(databaseUrl, { topics: settings.topics });
    console.log(
      `[bench] api: scaled to ${scale.topics} topics, ${scale.posts} posts, ${scale.votes} votes, ` +
        `${scale.people} people in ${scale.milliseconds} ms`,
    );
    const index = await indexSearch(databaseUrl);
    console.log(
      `[bench] api: search index rebuilt (${index.documents} documents in ${index.milliseconds.toFixed(0)} ms), ` +
        'so no server indexes a backlog while it is measured',
    );
    const { version, topicIds, hiddenId } = await facts(databaseUrl);

    const baseline = await spawnServer('baseline', databaseUrl);
    servers.push(baseline);
    const graphql = await spawnServer('graphql', databaseUrl);
    servers.push(graphql);
    await verifySameAnswers(baseline.url, graphql.url, topicIds, hiddenId);
    console.log('[bench] api: both servers answer the same JSON; measuring…');

    const scenarios = [
      {
        name: 'topic list: `topics(first: 50)` with author, category, tags',
        baseline: (): autocannon.Options => ({ url: `${baseline.url}/topics?first=50`, method: 'GET' }),
        graphql: (): autocannon.Options => ({
          url: graphql.url,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: topicListQuery }),
        }),
      },
      {
        name: `topic page: \`topic(id:)\` + first 20 posts with authors (${topicIds.length} topics in turn)`,
        baseline: (): autocannon.Options => {
          const next = cycle(topicIds);
          return {
            url: baseline.url,
            requests: [
              {
                method: 'GET',
                setupRequest: (request) => ({ ...request, path: `/topic/${next()}?posts=20` }),
              },
            ],
          };
        },
        graphql: (): autocannon.Options => {
          const next = cycle(topicIds);
          return {
            url: graphql.url,
            headers: { 'content-type': 'application/json' },
            requests: [
              {
                method: 'POST',
                setupRequest: (request) => ({
                  ...request,
                  body: JSON.stringify({ query: topicPageQuery, variables: { id: String(next()) } }),
                }),
              },
            ],
          };
        },
      },
    ];

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      const result: ScenarioResult = {
        name: scenario.name,
        baseline: { label: 'node:http + pg, hand-written SQL', runs: [] },
        graphql: { label: 'GraphQL: yoga + Pothos + Prisma', runs: [] },
      };
      for (let round = 0; round < settings.rounds; round++) {
        for (const [side, target, server] of [
          [result.baseline, scenario.baseline, baseline],
          [result.graphql, scenario.graphql, graphql],
        ] as const) {
          await drive(target(), settings.connections, settings.warmupSeconds);
          const cpuBefore = cpuMilliseconds(server.pid);
          const figures = await drive(target(), settings.connections, settings.seconds);
          const cpuAfter = cpuMilliseconds(server.pid);
          const serverCpuMs =
            cpuBefore === undefined || cpuAfter === undefined || figures.requests === 0
              ? undefined
              : (cpuAfter - cpuBefore) / figures.requests;
          side.runs.push({ ...figures, label: side.label, serverCpuMs });
          console.log(
            `[bench] api: ${scenario.name.split(':')[0]}, ${side.label}, run ${round + 1}: ` +
              `${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms` +
              (serverCpuMs === undefined ? '' : `, server CPU ${serverCpuMs.toFixed(2)} ms a request`) +
              (figures.failures > 0 ? `, ${figures.failures} FAILURES` : ''),
          );
        }
      }
      results.push(result);
    }
    // The same answers after the load as before it: nothing degraded into errors.
    await verifySameAnswers(baseline.url, graphql.url, topicIds.slice(0, 5), hiddenId);
    return toMarkdown(results, { machine, version, scale, ...settings });
  } finally {
    process.off('SIGINT', interrupted);
    await cleanUp();
  }
}

export async function seedDemo(databaseUrl: string): Promise<void> {
  const app = benchApp({ engine: 'postgres', url: databaseUrl }, { seedDemo: true });
  await app.start();
  await app.stop();
}

/**
 * Brings the search index up to date, as it is on a running community. The scaled rows went in
 * by SQL, so every one left a row in the search outbox; without this the GraphQL server's
 * indexer would spend the first two minutes of the run indexing 200,000 posts, in the very
 * process being measured.
 */
async function indexSearch(databaseUrl: string): Promise<ReindexReport> {
  const app = benchApp({ engine: 'postgres', url: databaseUrl }, { autoIndex: false });
  await app.start();
  try {
    return await reindex(app.database.sql, app.search.engine);
  } finally {
    await app.stop();
  }
}

/** The PostgreSQL version, the topics the page scenario visits (visible, in a fixed shuffled order), one hidden topic. */
async function facts(
  databaseUrl: string,
): Promise<{ version: string; topicIds: number[]; hiddenId: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const topics = await client.query<{ id: number }>(
      'SELECT id FROM topics WHERE NOT hidden ORDER BY md5(id::text) LIMIT 1000',
    );
    const hidden = await client.query<{ id: number }>(
      'SELECT id FROM topics WHERE hidden ORDER BY id LIMIT 1',
    );
    return {
      version: version.rows[0]?.server_version.split(' ')[0] ?? 'unknown',
      topicIds: topics.rows.map((row) => row.id),
      hiddenId: hidden.rows[0]?.id ?? 0,
    };
  } finally {
    await client.end();
  }
}

/** Fails loudly when the baseline and GraphQL answer differently: the comparison would mean nothing. */
async function verifySameAnswers(
  baselineUrl: string,
  graphqlUrl: string,
  topicIds: readonly number[],
  hiddenId: number,
): Promise<void> {
  const graphql = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return response.json() as Promise<unknown>;
  };
  const baseline = async (path: string) => (await fetch(`${baselineUrl}${path}`)).json() as Promise<unknown>;
  const check = (what: string, expected: unknown, actual: unknown) => {
    if (!isDeepStrictEqual(expected, actual)) {
      throw new Error(
        `The baseline and GraphQL answer ${what} differently:\nGraphQL:  ${JSON.stringify(actual).slice(0, 2000)}\n` +
          `baseline: ${JSON.stringify(expected).slice(0, 2000)}`,
      );
    }
  };
  check('the topic list', await baseline('/topics?first=50'), await graphql(topicListQuery));
  for (const id of [...topicIds.slice(0, 50), hiddenId]) {
    check(
      `topic ${id}`,
      await baseline(`/topic/${id}?posts=20`),
      await graphql(topicPageQuery, { id: String(id) }),
    );
  }
}

async function drive(
  target: autocannon.Options,
  connections: number,
  seconds: number,
): Promise<LoadFigures & { requests: number }> {
  const result = await autocannon({ ...target, connections, duration: seconds });
  return {
    label: '',
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * CPU a process has used so far (user and system), from Linux's /proc; undefined elsewhere.
 * The kernel counts it in ticks of 1/100 s (USER_HZ), so a 10 s run reads to about 0.1 %.
 */
function cpuMilliseconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

function cycle(ids: readonly number[]): () => number {
  let index = 0;
  return () => {
    const id = ids[index % ids.length] ?? 0;
    index++;
    return id;
  };
}

function toMarkdown(
  results: readonly ScenarioResult[],
  context: {
    machine: string;
    version: string;
    scale: ScaleSummary;
    connections: number;
    seconds: number;
    warmupSeconds: number;
    rounds: number;
  },
): string {
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const summary = (side: Side) => ({
    rps: mean(side.runs.map((run) => run.requestsPerSecond)),
    p50: mean(side.runs.map((run) => run.p50Ms)),
    p99: mean(side.runs.map((run) => run.p99Ms)),
    failures: side.runs.reduce((sum, run) => sum + run.failures, 0),
    cpu: side.runs.every((run) => run.serverCpuMs !== undefined)
      ? `${mean(side.runs.map((run) => run.serverCpuMs ?? 0)).toFixed(2)} ms`
      : 'n/a',
    each: side.runs.map((run) => run.requestsPerSecond.toFixed(0)).join(' / '),
  });
  const { scale } = context;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${context.machine}, PostgreSQL ${context.version} on the same machine; ` +
      `${scale.topics.toLocaleString('en')} topics (${scale.hiddenTopics} hidden), ${scale.posts.toLocaleString('en')} posts, ` +
      `${scale.votes.toLocaleString('en')} votes, ${scale.people.toLocaleString('en')} people. autocannon, ${context.connections} connections, ` +
      `${context.seconds} s per run after ${context.warmupSeconds} s of warm-up, ${context.rounds} runs per server alternated ` +
      '(baseline, GraphQL, baseline, GraphQL); the figures are the means of the runs.',
    '',
    '| scenario | server | req/s (each run) | p50 | p99 | server CPU a request | failed | GraphQL / baseline req/s |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const baseline = summary(result.baseline);
    const graphql = summary(result.graphql);
    const row = (scenario: string, side: Side, figures: ReturnType<typeof summary>, ratio: string) =>
      `| ${scenario} | ${side.label} | ${figures.rps.toFixed(0)} (${figures.each}) | ${figures.p50.toFixed(1)} ms ` +
      `| ${figures.p99.toFixed(1)} ms | ${figures.cpu} | ${figures.failures} | ${ratio} |`;
    lines.push(row(result.name, result.baseline, baseline, ''));
    lines.push(row('', result.graphql, graphql, `**${(graphql.rps / baseline.rps).toFixed(2)}×**`));
  }
  return lines.join('\n');
}

// Child processes: each server under test runs alone in its own process.

export interface ChildServer {
  url: string;
  /** The server's process, whose CPU the benchmark reads. */
  pid: number;
  stop(): Promise<void>;
}

type ServerKind = 'graphql' | 'baseline';

/** Node's flags in the server's start script, beside NODE_ENV=production. */
const PRODUCTION_FLAGS = ['--max-semi-space-size=64'];

/** Forks this file with the same loader (tsx) as the parent; it answers with its URL once listening. */
export async function spawnServer(kind: ServerKind, databaseUrl: string): Promise<ChildServer> {
  // PARLEY_BENCH_CPU_PROF=<dir> writes each server's V8 CPU profiles to <dir>/<kind> when it stops.
  // biome-ignore lint/style/noProcessEnv: a developer's switch for profiling one benchmark run.
  const profileDir = process.env.PARLEY_BENCH_CPU_PROF;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve', kind, databaseUrl], {
    stdio: 'inherit',
    // Both servers run as `npm start` runs the real one (apps/server/package.json): production
    // mode (graphql-js skips its development checks) and a young generation sized for a server.
    // biome-ignore lint/style/noProcessEnv: the children inherit the bench's environment (DATABASE_URL).
    env: { ...process.env, NODE_ENV: 'production' },
    execArgv: [
      ...process.execArgv,
      ...PRODUCTION_FLAGS,
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}/${kind}`] : []),
    ],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code}) before listening`)));
  });
  let stopped: Promise<void> | undefined;
  return {
    url,
    pid: child.pid ?? 0,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.send('stop');
      });
      return stopped;
    },
  };
}

async function serve(kind: ServerKind, databaseUrl: string): Promise<void> {
  let url: string;
  let close: () => Promise<void>;
  if (kind === 'baseline') {
    const server = await startRawBaseline(databaseUrl);
    url = server.url;
    close = () => server.close();
  } else {
    const app = benchApp({ engine: 'postgres', url: databaseUrl });
    await app.start();
    url = app.url;
    close = () => app.stop();
  }
  let closing = false;
  const shutDown = () => {
    if (closing) return;
    closing = true;
    close().finally(() => process.exit(0));
  };
  process.on('message', (message) => {
    if (message === 'stop') shutDown();
  });
  // The parent went away without asking: do not linger.
  process.on('disconnect', shutDown);
  // Ctrl-C reaches the whole process group; the parent decides when the servers stop.
  process.on('SIGINT', () => {});
  process.send?.({ url });
}

export async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const [, entry, command, kind, url] = process.argv;
if (entry && import.meta.url === pathToFileURL(entry).href && command === 'serve' && url) {
  if (kind !== 'graphql' && kind !== 'baseline') throw new Error(`unknown server kind: ${kind}`);
  await serve(kind, url);
}
