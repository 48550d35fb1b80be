import type { PrismaClient } from '@parley/prisma/client';

/**
 * The Prisma client the schema's resolvers use. It is imported, not carried in the GraphQL
 * context; the server binds it once at start with `useDatabase`, since the database (PGlite
 * or PostgreSQL) is only known from the server's configuration.
 */
export let db: PrismaClient = new Proxy({} as PrismaClient, {
  get() {
    throw new Error('The database is not bound: the server calls useDatabase(prisma) at start.');
  },
});

export function useDatabase(client: PrismaClient): void {
  db = client;
}
