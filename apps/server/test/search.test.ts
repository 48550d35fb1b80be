import { searchContract } from './search/contract.ts';

// The default engine: Postgres full-text search in the same database (PGlite or PostgreSQL).
searchContract('Postgres full-text search', () => undefined);
