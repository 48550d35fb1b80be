import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.ts';
import { DataDirInUseError } from '../src/db/pglite.ts';
import { startTestApp, testConfig } from './support/test-app.ts';

// The embedded default, whatever engine the rest of the suite runs on: data on disk must
// outlive the process that wrote it.
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'parley-data-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the embedded database', () => {
  it('keeps what was written across a restart', async () => {
    const config = testConfig({ engine: 'pglite', dataDir: join(directory, 'data') });
    const first = await startTestApp(config);
    try {
      await first.database.prisma.category.create({ data: { slug: 'kept', name: 'Kept across restarts' } });
    } finally {
      await first.stop();
    }

    const second = await startTestApp(config);
    try {
      const category = await second.database.prisma.category.findUnique({ where: { slug: 'kept' } });
      expect(category?.name).toBe('Kept across restarts');
      const applied = await second.database.sql.query('SELECT 1 FROM "_prisma_migrations"');
      expect(applied.length).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  });

  it('refuses a second opener of the same data directory while the first is running', async () => {
    const dataDir = join(directory, 'busy');
    const holder = await openDatabase({ engine: 'pglite', dataDir });
    try {
      const refused = await openDatabase({ engine: 'pglite', dataDir }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirInUseError);
      expect((refused as Error).message).toContain(
        `The embedded database in ${dataDir} is in use by another process (pid ${process.pid})`,
      );
    } finally {
      await holder.close();
    }
    // Released on close: it opens again.
    const again = await openDatabase({ engine: 'pglite', dataDir });
    await again.close();
  });
});
