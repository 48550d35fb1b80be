// `npm run bench -- fanout`: N graphql-ws subscribers on one topic, events at rising rates,
// against a bare `ws` server that serialises once and writes to the same N sockets. Subscribers
// live in a child process on the other core; the server (and the publisher) on this one.
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSession } from '@parley/schema/auth/session';
import type { App } from '@parley/server/app';
import { redisUrl } from '@parley/server/test-support/test-env';
import { benchApp } from '../bench-app.ts';
import { startBaseline } from './baseline-server.ts';

// biome-ignore lint/style/noProcessEnv: the benchmark's knobs, read in one place.
const env = process.env;
const sizes = (env.FANOUT_SIZES ?? '1000,5000,10000').split(',').map(Number);
/** Target deliveries per second; each N gets events at rate = target / N, so steps compare across N. */
const deliveryTargets = (env.FANOUT_DELIVERIES ?? '10000,30000,60000').split(',').map(Number);
const STEP_SECONDS = Number(env.FANOUT_STEP_SECONDS ?? 3);
const PAD =
  'Thanks for the details. I checked your bank feed connection and the consent expired on Monday, so the feed paused. Reconnect it under Bank, Manage, Reconnect; the missing days come in by themselves within a few minutes. If anything still looks off after that, reply here and I will take a closer look straight away. ';

const pin = (cpu: number, pid: number) =>
  spawnSync('taskset', ['-pc', String(cpu), String(pid)], { stdio: 'ignore' });

interface Step {
  rate: number;
  events: number;
  expected: number;
  received: number;
  p50: number;
  p99: number;
  deliveriesPerSecond: number;
}

interface Row {
  target: string;
  subscribers: number;
  rssPer1000: number;
  steps: Step[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function clients(): Promise<{ child: ChildProcess; ask<T>(message: object, reply: string): Promise<T> }> {
  const child = fork(fileURLToPath(new URL('./clients.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: 'inherit',
  });
  pin(1, child.pid ?? 0);
  const ask = <T>(message: object, reply: string) =>
    new Promise<T>((resolve) => {
      const listener = (answer: { type: string }) => {
        if (answer.type !== reply) return;
        child.off('message', listener);
        resolve(answer as T);
      };
      child.on('message', listener);
      child.send(message);
    });
  return new Promise((resolve) => child.once('message', () => resolve({ child, ask })));
}

async function measure(
  target: string,
  subscribers: number,
  connect: { url: string; protocol: 'graphql-ws' | 'raw'; query: string; variables: Record<string, unknown> },
  publish: (body: string, index: number) => Promise<void> | void,
): Promise<Row> {
  const load = await clients();
  // RSS with garbage collected before and after connecting (run under --expose-gc).
  const settledRss = async () => {
    for (let round = 0; round < 3; round++) {
      globalThis.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return process.memoryUsage().rss;
  };
  const before = await settledRss();
  await load.ask({ type: 'start', start: { ...connect, count: subscribers } }, 'ready');
  const rssPer1000 = (((await settledRss()) - before) / subscribers) * 1000;
  const steps: Step[] = [];
  let index = 0;
  for (const goal of deliveryTargets) {
    const rate = Math.max(0.5, goal / subscribers);
    const events = Math.max(1, Math.round(rate * STEP_SECONDS));
    const started = Date.now();
    for (let sent = 0; sent < events; sent++) {
      const due = started + (sent * 1000) / rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      await publish(`${Date.now()}|${PAD}`.slice(0, 420), index++);
    }
    const expected = events * subscribers;
    let stats = { received: 0, latencies: [] as number[] };
    const deadline = Date.now() + 60_000;
    const all: number[] = [];
    let received = 0;
    // Drain until every delivery arrived (or 60 s passed: the rest counts as lost).
    while (received < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stats = await load.ask<typeof stats>({ type: 'collect' }, 'stats');
      received += stats.received;
      for (const latency of stats.latencies) all.push(latency);
    }
    const elapsed = (Date.now() - started) / 1000;
    all.sort((a, b) => a - b);
    steps.push({
      rate,
      events,
      expected,
      received,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      deliveriesPerSecond: Math.round(received / Math.max(elapsed, STEP_SECONDS)),
    });
    console.log(
      `[fanout] ${target} N=${subscribers} rate=${rate}/s: p50 ${percentile(all, 50)} ms, p99 ${percentile(all, 99)} ms, ${received}/${expected}`,
    );
  }
  load.child.send({ type: 'close' });
  await new Promise((resolve) => load.child.once('exit', resolve));
  return { target, subscribers, rssPer1000, steps };
}

async function parleyTarget(subscribers: number, withRedis: boolean): Promise<Row> {
  const app: App = benchApp(
    { engine: 'pglite', dataDir: 'memory://' },
    { redisUrl: withRedis ? redisUrl : undefined, logLevel: 'error' },
  );
  await app.start();
  try {
    const prisma = app.database.prisma;
    const department = await prisma.department.create({ data: { slug: 'support', name: 'Support' } });
    const category = await prisma.category.create({ data: { slug: 'banking', name: 'Banking' } });
    const dana = await prisma.user.create({
      data: {
        handle: 'dana',
        email: 'dana@example.com',
        displayName: 'Dana Whitfield',
        passwordHash: 'x',
        kind: 'EMPLOYEE',
        profile: { create: { title: 'Support Lead', departmentId: department.id } },
      },
    });
    const topic = await prisma.topic.create({
      data: {
        slug: 'feed',
        title: 'Bank feed stopped',
        body: 'Help',
        authorId: dana.id,
        categoryId: category.id,
      },
    });
    const token = await createSession(dana.id, new Date(), 'bench');
    const topicId = Buffer.from(`Topic:${topic.id}`).toString('base64');
    const mutation =
      'mutation($t: ID!, $b: String!) { createPost(input: { topicId: $t, body: $b }) { __typename } }';
    return await measure(
      withRedis ? 'Parley (graphql-ws, via Redis)' : 'Parley (graphql-ws)',
      subscribers,
      {
        url: app.url.replace(/^http/, 'ws'),
        protocol: 'graphql-ws',
        query:
          'subscription($t: ID!) { topicActivity(topicId: $t) { __typename ... on PostAdded { cursor post { body author { handle displayName } } } } }',
        variables: { t: topicId },
      },
      async (body) => {
        const response = await app.yoga.fetch(app.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: mutation, variables: { t: topicId, b: body } }),
        });
        await response.text();
      },
    );
  } finally {
    await app.stop();
  }
}

async function baselineTarget(subscribers: number): Promise<Row> {
  const server = await startBaseline();
  try {
    return await measure(
      'baseline (bare ws, serialise once)',
      subscribers,
      { url: server.url, protocol: 'raw', query: '', variables: {} },
      (body, index) => server.publish(body, index + 1),
    );
  } finally {
    await server.close();
  }
}

function toMarkdown(rows: Row[]): string {
  const lines = [
    '| target | subscribers | server RSS per 1,000 idle | rate (events/s) | deliveries/s | p50 ms | p99 ms | lost |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    for (const step of row.steps) {
      lines.push(
        `| ${row.target} | ${row.subscribers} | ${(row.rssPer1000 / 1024 / 1024).toFixed(1)} MB | ${step.rate} | ${step.deliveriesPerSecond} | ${step.p50} | ${step.p99} | ${step.expected - step.received} |`,
      );
    }
  }
  return lines.join('\n');
}

export async function runFanout(): Promise<string> {
  pin(0, process.pid);
  const rows: Row[] = [];
  for (const subscribers of sizes) {
    rows.push(await baselineTarget(subscribers));
    rows.push(await parleyTarget(subscribers, false));
    if (redisUrl) rows.push(await parleyTarget(subscribers, true));
    else console.log('[fanout] the Redis hop skipped: REDIS_URL is not set');
  }
  return toMarkdown(rows);
}
