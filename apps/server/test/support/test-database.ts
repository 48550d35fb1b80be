import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/db/database.ts';
import { engine, postgresUrl } from './test-env.ts';

/**
 * A throwaway database for one test file: a new database on the PostgreSQL server named by
 * DATABASE_URL, or an in-memory PGlite. `migrated` ones are copied from the template the
 * global setup migrated once, which is much faster than migrating (or initdb) per file.
 */
export interface TestDatabase {
  engine: 'postgres' | 'pglite';
  config: DatabaseConfig;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const templateRef = inject('parleyTemplate');
  if (engine === 'pglite') {
    const loadDataDir = migrated && templateRef ? new Blob([await readFile(templateRef)]) : undefined;
    return {
      engine,
      config: { engine: 'pglite', dataDir: 'memory://', ...(loadDataDir ? { loadDataDir } : {}) },
      drop: async () => {},
    };
  }
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    const template = migrated && templateRef ? ` TEMPLATE "${templateRef}"` : '';
    await admin.query(`CREATE DATABASE "${name}"${template}`);
  });
  return {
    engine,
    config: { engine: 'postgres', url: databaseUrl(name) },
    drop: () => dropPostgresDatabase(name),
  };
}

export function databaseUrl(name: string): string {
  const url = new URL(requiredPostgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: requiredPostgresUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function requiredPostgresUrl(): string {
  if (!postgresUrl) throw new Error('DATABASE_URL is not set');
  return postgresUrl;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template: a dumped PGlite data directory (file) or a PostgreSQL database name. */
    parleyTemplate: string;
  }
}
