// `npm run bench`: every benchmark; `npm run bench -- api` (or `-- latest-topics`): only those
// named. Each prints a Markdown section to paste into docs/benchmarks.md.
import { cpus } from 'node:os';
import { apiBenchmark } from './api.ts';
import { benchApp } from './bench-app.ts';
import { benchDatabases } from './bench-database.ts';
import { runFanout } from './fanout/run-fanout.ts';
import { type ComparisonResult, compare, toMarkdown } from './harness.ts';
import { latestTopics } from './latest-topics.ts';
import { portalTtfbBenchmark } from './portal-ttfb.ts';
import { searchBenchmark } from './search.ts';
import { topicPageJs } from './topic-page-js.ts';

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;

/** Each benchmark prints its own results (or why it was skipped). */
const benchmarks: Record<string, () => Promise<void>> = {
  /** In-process, interleaved: GraphQL through yoga.fetch against one Prisma call, on every database. */
  'latest-topics': async () => {
    for (const database of await benchDatabases()) {
      const app = benchApp(database.config, { seedDemo: true });
      try {
        await app.start();
        const results: ComparisonResult[] = [];
        for (const comparison of [latestTopics(app)]) {
          console.log(`[bench] ${database.label}: ${comparison.name}…`);
          results.push(await compare(comparison));
        }
        console.log(`\n### latest-topics, ${database.label}\n\n${toMarkdown(results, machine)}\n`);
      } finally {
        await app.stop();
        await database.drop();
      }
    }
  },
  /** Real HTTP under load on PostgreSQL with 10,000 topics: GraphQL against a hand-written server. */
  api: async () => {
    const section = await apiBenchmark(machine);
    if (section) console.log(`\n### api\n\n${section}\n`);
  },
  /** The production portal server-rendering topic pages, against the API queries those pages need. */
  'portal-ttfb': async () => {
    const section = await portalTtfbBenchmark(machine);
    if (section) console.log(`\n### portal-ttfb\n\n${section}\n`);
  },
  /** First-load JavaScript of the built portal's topic page, gzipped, against the 150 kB budget. */
  'topic-page-js': async () => {
    console.log(`\n### topic-page-js\n\n${await topicPageJs(machine)}\n`);
  },
  /** Search: 100,000 posts (`--posts=1000000` for more), 500 queries, against ILIKE, on every database. */
  search: async () => {
    console.log(`\n### search\n\n${await searchBenchmark(machine, process.argv.slice(2))}\n`);
  },
  /** N graphql-ws subscribers on one topic against a bare ws server writing to the same N sockets. */
  fanout: async () => {
    console.log(`\n### fanout (${machine})\n\n${await runFanout()}\n`);
  },
};

const requested = process.argv.slice(2).filter((argument) => !argument.startsWith('-'));
const unknown = requested.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(
    `[bench] unknown benchmark: ${unknown.join(', ')}; there are: ${Object.keys(benchmarks).join(', ')}`,
  );
  process.exit(1);
}
for (const name of requested.length > 0 ? requested : Object.keys(benchmarks)) {
  await benchmarks[name]?.();
}
