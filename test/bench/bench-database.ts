import { randomBytes } from 'node:crypto';
import type { DatabaseConfig } from '@parley/server/db/database';
import { postgresUrl } from '@parley/server/test-support/test-env';
import pg from 'pg';

export interface BenchDatabase {
  label: string;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** Every engine this machine can bench: embedded PGlite always, PostgreSQL when DATABASE_URL is set. */
export async function benchDatabases(): Promise<BenchDatabase[]> {
  const databases: BenchDatabase[] = [
    { label: 'embedded PGlite', config: { engine: 'pglite', dataDir: 'memory://' }, drop: async () => {} },
  ];
  const serverUrl = postgresUrl;
  if (!serverUrl) {
    console.log('[bench] PostgreSQL skipped: DATABASE_URL is not set');
    return databases;
  }
  const name = `parley_bench_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  databases.push({
    label: 'PostgreSQL 15',
    config: { engine: 'postgres', url: url.toString() },
    drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  });
  return databases;
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
