import type { Database } from './db/database.ts';

export interface Health {
  status: 'ok' | 'unavailable';
  database: { engine: Database['engine']; status: 'up' | 'down'; latencyMs: number | null; error?: string };
}

/** What /health reports: whether this instance can reach its database, and how fast. */
export async function checkHealth(database: Database): Promise<Health> {
  const started = performance.now();
  try {
    await database.sql.query('SELECT 1');
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { status: 'ok', database: { engine: database.engine, status: 'up', latencyMs } };
  } catch (error) {
    return {
      status: 'unavailable',
      database: {
        engine: database.engine,
        status: 'down',
        latencyMs: null,
        error: error instanceof Error ? error.message : 'unknown error',
      },
    };
  }
}
