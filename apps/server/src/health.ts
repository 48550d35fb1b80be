import type { Database } from './db/database.ts';
import type { RealtimeHealth } from './pubsub.ts';

export interface Health {
  status: 'ok' | 'unavailable';
  database: { engine: Database['engine']; status: 'up' | 'down'; latencyMs: number | null; error?: string };
  realtime: RealtimeHealth;
}

/**
 * What /health reports: whether this instance can reach its database, and how fast, and how
 * its live events fare. Only the database decides the status: without Redis the instance still
 * takes every write (live delivery resumes, and catches up, when Redis is back).
 */
export async function checkHealth(database: Database, realtime: RealtimeHealth): Promise<Health> {
  const started = performance.now();
  try {
    await database.sql.query('SELECT 1');
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { status: 'ok', database: { engine: database.engine, status: 'up', latencyMs }, realtime };
  } catch (error) {
    return {
      realtime,
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
