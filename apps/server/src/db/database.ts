import { PrismaClient } from '@parley/prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openEmbeddedDatabase } from './pglite.ts';
import { createPostgresPool } from './postgres.ts';
import type { SqlDatabase } from './sql.ts';
import { statementNames } from './statement-names.ts';

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

export interface DatabaseOptions {
  /** Called with every SQL statement Prisma runs (tests count them). */
  onQuery?: (sql: string) => void;
}

/** Opens the configured database: PostgreSQL through `pg`, or embedded PGlite. */
export async function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): Promise<Database> {
  if (config.engine === 'postgres') {
    const { sql, pool } = createPostgresPool(config.url);
    const prisma = observe(
      new PrismaClient({
        adapter: new PrismaPg({ connectionString: config.url }, { statementNameGenerator: statementNames() }),
        ...logging(options),
      }),
      options,
    );
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
  const prisma = observe(
    new PrismaClient({ adapter: new PrismaPGlite(embedded.pglite), ...logging(options) }),
    options,
  );
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

function logging(options: DatabaseOptions) {
  return options.onQuery ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {};
}

function observe(prisma: PrismaClient, options: DatabaseOptions): PrismaClient {
  const { onQuery } = options;
  if (onQuery) (prisma as PrismaClient<'query'>).$on('query', (event) => onQuery(event.query));
  return prisma;
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
