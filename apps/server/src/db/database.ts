import { PrismaClient } from '@parley/prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openEmbeddedDatabase } from './pglite.ts';
import { createPostgresPool } from './postgres.ts';
import type { SqlDatabase } from './sql.ts';

export type DatabaseConfig =
  | { engine: 'postgres'; url: string }
  | { engine: 'pglite'; dataDir: string; loadDataDir?: Blob };

export interface Database {
  readonly engine: 'postgres' | 'pglite';
  /** Where the data lives, for logs and /health: the data directory or the URL without its password. */
  readonly location: string;
  readonly prisma: PrismaClient;
  readonly sql: SqlDatabase;
  close(): Promise<void>;
}

/** Opens the configured database: PostgreSQL through `pg`, or embedded PGlite. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.engine === 'postgres') {
    const { sql, pool } = createPostgresPool(config.url);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: config.url }) });
    return {
      engine: 'postgres',
      location: redactUrl(config.url),
      prisma,
      sql,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const embedded = await openEmbeddedDatabase(config);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(embedded.pglite) });
  return {
    engine: 'pglite',
    location: config.dataDir,
    prisma,
    sql: embedded.sql,
    async close() {
      await prisma.$disconnect();
      await embedded.close();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
