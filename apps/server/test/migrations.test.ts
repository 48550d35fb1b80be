import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.ts';
import { checksumOf, type Migration, MigrationError, migrate, readMigrations } from '../src/db/migrations.ts';
import { migrationsDir } from '../src/paths.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

const migrations = readMigrations(migrationsDir);
const opened: Array<{ database: Database; test: TestDatabase }> = [];

async function emptyDatabase(): Promise<Database> {
  const test = await createTestDatabase({ migrated: false });
  const database = await openDatabase(test.config);
  opened.push({ database, test });
  return database;
}

afterEach(async () => {
  for (const { database, test } of opened.splice(0)) {
    await database.close();
    await test.drop();
  }
});

async function bookkeeping(database: Database) {
  return database.sql.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    applied_steps_count: number;
  }>(
    'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
  );
}

async function tableExists(database: Database, table: string): Promise<boolean> {
  const rows = await database.sql.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
    table,
  ]);
  return rows[0]?.exists === true;
}

describe('the migration runner', () => {
  it('finds the migrations in Prisma’s folder layout, in order', () => {
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.name)).toEqual([...migrations.map((m) => m.name)].sort());
    for (const migration of migrations) expect(migration.name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });

  it('applies every migration to an empty database and records each as Prisma would', async () => {
    const database = await emptyDatabase();
    const report = await migrate(database.sql, migrations);

    expect(report.applied).toEqual(migrations.map((m) => m.name));
    const rows = await bookkeeping(database);
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(checksumOf(migrations[index]?.script ?? ''));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tableExists(database, 'topics')).toBe(true);
  });

  it('does nothing when run again', async () => {
    const database = await emptyDatabase();
    await migrate(database.sql, migrations);
    const again = await migrate(database.sql, migrations);

    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(migrations.length);
    expect(await bookkeeping(database)).toHaveLength(migrations.length);
  });

  it('applies only what is new', async () => {
    const database = await emptyDatabase();
    await migrate(database.sql, migrations);
    const next: Migration = {
      name: '99990101000000_add_note',
      script: 'CREATE TABLE "runner_note" (id INT PRIMARY KEY);',
    };

    const report = await migrate(database.sql, [...migrations, next]);

    expect(report.applied).toEqual([next.name]);
    expect(await tableExists(database, 'runner_note')).toBe(true);
  });

  it('refuses to start when an applied migration’s file was changed, naming it', async () => {
    const database = await emptyDatabase();
    await migrate(database.sql, migrations);
    const [first, ...rest] = migrations;
    if (!first) throw new Error('no migrations');
    const edited = [
      { ...first, script: `${first.script}\nALTER TABLE "users" ADD COLUMN "sneaky" TEXT;` },
      ...rest,
    ];

    const failure = await migrate(database.sql, edited).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).migration).toBe(first.name);
    expect((failure as MigrationError).message).toContain(
      `Migration ${first.name} was changed after it was applied`,
    );
    const columns = await database.sql.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'sneaky'`,
    );
    expect(columns).toHaveLength(0);
  });

  it('accepts a file whose only change is Windows line endings, as Prisma does', async () => {
    const database = await emptyDatabase();
    await migrate(database.sql, migrations);
    const crlf = migrations.map((m) => ({ ...m, script: m.script.replaceAll('\n', '\r\n') }));

    await expect(migrate(database.sql, crlf)).resolves.toMatchObject({ applied: [] });
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const database = await emptyDatabase();
    await migrate(database.sql, migrations);
    const broken: Migration = {
      name: '99990101000000_broken',
      script: 'CREATE TABLE "half_done" (id INT PRIMARY KEY);\nALTER TABLE "no_such_table" ADD COLUMN x INT;',
    };

    const failure = await migrate(database.sql, [...migrations, broken]).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).message).toMatch(
      /99990101000000_broken failed and was rolled back: .*no_such_table/,
    );
    expect(await tableExists(database, 'half_done')).toBe(false);
    expect((await bookkeeping(database)).map((row) => row.migration_name)).not.toContain(broken.name);

    // Once fixed, the same migration applies.
    const fixed = { ...broken, script: 'CREATE TABLE "half_done" (id INT PRIMARY KEY);' };
    await expect(migrate(database.sql, [...migrations, fixed])).resolves.toMatchObject({
      applied: [fixed.name],
    });
  });

  it('lets two runners start together without applying anything twice', async () => {
    const test = await createTestDatabase({ migrated: false });
    const first = await openDatabase(test.config);
    // A second connection pool on PostgreSQL; on PGlite, the same single-connection instance.
    const second = test.engine === 'postgres' ? await openDatabase(test.config) : first;
    opened.push({ database: first, test });
    try {
      const slow: Migration = {
        name: '99990101000000_slow',
        script: 'SELECT pg_sleep(0.3); CREATE TABLE "slow" (id INT);',
      };
      const reports = await Promise.all([
        migrate(first.sql, [...migrations, slow]),
        migrate(second.sql, [...migrations, slow]),
      ]);

      const appliedByEither = reports.flatMap((report) => report.applied).sort();
      expect(appliedByEither).toEqual([...migrations.map((m) => m.name), slow.name].sort());
      expect(await bookkeeping(first)).toHaveLength(migrations.length + 1);
    } finally {
      if (second !== first) await second.close();
    }
  });
});
