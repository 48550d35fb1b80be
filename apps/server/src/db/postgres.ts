import pg from 'pg';
import type { SqlConnection, SqlDatabase, SqlExecutor } from './sql.ts';

export interface PostgresPool {
  sql: SqlDatabase;
  pool: pg.Pool;
}

/** A `pg` pool for raw SQL; Prisma's adapter keeps its own pool on the same URL. */
export function createPostgresPool(url: string, max = 4): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', (error) => console.error(`[db] idle PostgreSQL connection failed: ${error.message}`));
  const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, [...params]);
      return result.rows as Row[];
    },
    async exec(script: string) {
      await client.query(script);
    },
  });
  const sql: SqlDatabase = {
    engine: 'postgres',
    ...executor(pool),
    async withConnection(work) {
      const client = await pool.connect();
      try {
        const connection: SqlConnection = {
          ...executor(client),
          async transaction(inner) {
            await client.query('BEGIN');
            try {
              const result = await inner(executor(client));
              await client.query('COMMIT');
              return result;
            } catch (error) {
              await client.query('ROLLBACK');
              throw error;
            }
          },
        };
        return await work(connection);
      } finally {
        client.release();
      }
    },
  };
  return { sql, pool };
}
