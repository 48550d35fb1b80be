// `npm run bench`: each benchmark against its baseline, side by side, on every database this
// machine has. Paste the printed tables into docs/benchmarks.md.
import { cpus } from 'node:os';
import { buildApp } from '@parley/server/app';
import { createLogger } from '@parley/server/log';
import { benchDatabases } from './bench-database.ts';
import { type ComparisonResult, compare, toMarkdown } from './harness.ts';
import { latestTopics } from './latest-topics.ts';

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;

for (const database of await benchDatabases()) {
  const app = buildApp(
    {
      port: 0,
      host: '127.0.0.1',
      database: database.config,
      redisUrl: undefined,
      meili: undefined,
      publicUrl: 'http://localhost:3000',
      admin: undefined,
      seedDemo: true,
      logLevel: 'warn',
    },
    { logger: createLogger('warn') },
  );
  try {
    await app.start();
    const results: ComparisonResult[] = [];
    for (const comparison of [latestTopics(app)]) {
      console.log(`[bench] ${database.label}: ${comparison.name}…`);
      results.push(await compare(comparison));
    }
    console.log(`\n### ${database.label}\n\n${toMarkdown(results, machine)}\n`);
  } finally {
    await app.stop();
    await database.drop();
  }
}
