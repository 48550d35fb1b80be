import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SqlConnection, SqlDatabase, SqlExecutor } from './sql.ts';

export interface EmbeddedDatabase {
  sql: SqlDatabase;
  pglite: PGlite;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A directory on disk, or `memory://` for a throwaway database (tests). */
  dataDir: string;
  /** A data directory dumped by `dumpDataDir`, to start from instead of running initdb (tests). */
  loadDataDir?: Blob;
}

const extensions = { pg_trgm };

/**
 * Opens embedded Postgres (PGlite). A data directory may be used by one process at a time,
 * so a lock file refuses a second opener (say `npm run db:seed` beside a running server)
 * instead of letting both write to the same files.
 */
export async function openEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const onDisk = !options.dataDir.startsWith('memory://');
  const releaseLock = onDisk ? lockDataDir(options.dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(onDisk ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions,
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const sql = pgliteSql(pglite);
  return {
    sql,
    pglite,
    async close() {
      try {
        await pglite.close();
      } finally {
        releaseLock();
      }
    },
  };
}

function executor(target: PGlite | Transaction): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(text, [...params]);
      return result.rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
  };
}

function pgliteSql(pglite: PGlite): SqlDatabase {
  // PGlite is a single connection; this queue gives each `withConnection` caller the whole of
  // it in turn, as a pool would hand out separate connections.
  let queue: Promise<unknown> = Promise.resolve();
  const connection: SqlConnection = {
    ...executor(pglite),
    transaction: (work) => pglite.transaction((tx) => work(executor(tx))),
  };
  return {
    engine: 'pglite',
    ...executor(pglite),
    withConnection<T>(work: (c: SqlConnection) => Promise<T>) {
      const run = queue.then(() => work(connection));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, '..', `${dataDir.split('/').filter(Boolean).pop() ?? 'data'}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && isAlive(holder)) {
        throw new DataDirInUseError(dataDir, holder);
      }
      // Left behind by a process that is gone: take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirInUseError(dataDir, Number.NaN);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another process${Number.isNaN(pid) ? '' : ` (pid ${pid})`}. ` +
        'Stop it first, or point DATABASE_URL at a PostgreSQL server to share a database.',
    );
    this.name = 'DataDirInUseError';
  }
}
