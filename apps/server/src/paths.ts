import { fileURLToPath } from 'node:url';

// This file sits at apps/server/src/paths.ts and is bundled into apps/server/dist/main.js:
// both are three levels below the repository root.
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const migrationsDir = `${repoRoot}prisma/migrations`;
