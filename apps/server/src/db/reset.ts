import type { SqlExecutor } from './sql.ts';

/** Empties every application table (not the migration bookkeeping), restarting id sequences. */
export async function resetDatabase(sql: SqlExecutor): Promise<void> {
  const tables = await sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  if (tables.length === 0) return;
  const list = tables.map((table) => `"${table.tablename.replaceAll('"', '""')}"`).join(', ');
  await sql.exec(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}
