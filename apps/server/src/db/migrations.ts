import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDatabase } from './sql.ts';

/**
 * Applies the hand-written migrations in prisma/migrations, keeping Prisma's own bookkeeping
 * (`_prisma_migrations`, its checksum rule and its advisory lock key) so `prisma migrate
 * status` and `deploy` agree with this runner wherever Prisma's engine is available.
 */

export interface Migration {
  /** The folder name, `<timestamp>_<name>`: also the order of application. */
  name: string;
  script: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** The key Prisma's migrate engine locks on, so Prisma and this runner exclude each other too. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function readMigrations(directory: string): Migration[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(directory, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, script: readFileSync(join(directory, name, 'migration.sql'), 'utf8') }));
}

/** Prisma's checksum: the SHA-256 of the script, in lower-case hex. */
export function checksumOf(script: string): string {
  return createHash('sha256').update(script).digest('hex');
}

/** As Prisma does, a script still matches when only its line endings changed (Windows checkouts). */
function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll(/(?<!\r)\n/g, '\r\n')];
  return variants.some((variant) => checksumOf(variant) === checksum);
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function migrate(
  database: SqlDatabase,
  migrations: readonly Migration[],
): Promise<MigrationReport> {
  return database.withConnection(async (connection) => {
    await connection.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await connection.exec(BOOKKEEPING_TABLE);
      const rows = await connection.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
      );
      const applied = new Set<string>();
      for (const row of rows) {
        if (row.finished_at === null) {
          throw new MigrationError(
            `Migration ${row.migration_name} was started but never finished (recorded by Prisma's migrate). ` +
              'Repair the database, then mark it with `prisma migrate resolve`.',
            row.migration_name,
          );
        }
        const file = migrations.find((migration) => migration.name === row.migration_name);
        if (file && !matchesChecksum(file.script, row.checksum)) {
          throw new MigrationError(
            `Migration ${row.migration_name} was changed after it was applied to this database. ` +
              'Restore prisma/migrations/' +
              `${row.migration_name}/migration.sql and put the change in a new migration.`,
            row.migration_name,
          );
        }
        applied.add(row.migration_name);
      }

      const pending = migrations.filter((migration) => !applied.has(migration.name));
      for (const migration of pending) {
        try {
          await connection.transaction(async (tx) => {
            const startedAt = new Date();
            await tx.exec(migration.script);
            await tx.query(
              `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
               VALUES ($1, $2, $3, $4, now(), 1)`,
              [randomUUID(), checksumOf(migration.script), migration.name, startedAt],
            );
          });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new MigrationError(
            `Migration ${migration.name} failed and was rolled back: ${reason}`,
            migration.name,
          );
        }
      }
      return { applied: pending.map((migration) => migration.name), alreadyApplied: applied.size };
    } finally {
      await connection.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    }
  });
}

// The table exactly as Prisma's migrate engine creates it.
const BOOKKEEPING_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;
