import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, readMigrations } from '../../src/db/migrations.ts';
import { openEmbeddedDatabase } from '../../src/db/pglite.ts';
import { createPostgresPool } from '../../src/db/postgres.ts';
import { migrationsDir } from '../../src/paths.ts';
import { databaseUrl, dropPostgresDatabase, withAdmin } from './test-database.ts';
import { engine } from './test-env.ts';

/**
 * Migrates one template database per test run; each test file copies it. Prints which engine
 * the suite runs on, so a run's log says what it proved.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (engine === 'pglite') {
    console.log('[parley tests] database: embedded PGlite (DATABASE_URL is not set)');
    const embedded = await openEmbeddedDatabase({ dataDir: 'memory://' });
    await migrate(embedded.sql, readMigrations(migrationsDir));
    const dump = await embedded.pglite.dumpDataDir('none');
    await embedded.close();
    const directory = await mkdtemp(join(tmpdir(), 'parley-template-'));
    const file = join(directory, 'template.tar');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('parleyTemplate', file);
    return () => rm(directory, { recursive: true, force: true });
  }

  const name = `parley_template_${randomBytes(6).toString('hex')}`;
  console.log(`[parley tests] database: PostgreSQL (template ${name})`);
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const { sql, pool } = createPostgresPool(databaseUrl(name), 1);
  try {
    await migrate(sql, readMigrations(migrationsDir));
  } finally {
    await pool.end();
  }
  project.provide('parleyTemplate', name);
  return () => dropPostgresDatabase(name);
}
