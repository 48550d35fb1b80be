/**
 * The little raw SQL Parley needs beside Prisma (migrations, advisory locks, health, search),
 * behind one interface so the same code runs on PostgreSQL and on embedded PGlite.
 */
export interface SqlExecutor {
  /** One statement with `$1`-style parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements, without parameters. */
  exec(script: string): Promise<void>;
}

/** One connection, held exclusively until the callback given to `withConnection` settles. */
export interface SqlConnection extends SqlExecutor {
  /** Runs `work` in a transaction on this connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly engine: 'postgres' | 'pglite';
  withConnection<T>(work: (connection: SqlConnection) => Promise<T>): Promise<T>;
}
