import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (generate, and migrate status/deploy where the engine exists).
// Parley applies migrations with its own runner (apps/server/src/db/migrate.ts).
export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/parley' },
});
