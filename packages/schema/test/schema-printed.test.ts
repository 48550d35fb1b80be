import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/index.ts';

// schema.graphql is the contract third parties and the portal read, so it is committed. Locally
// `npm run generate` rewrites it; in CI it is left as committed, and this test catches a schema
// change that was committed without its printed form.
describe('the printed schema', () => {
  it('matches the schema the code builds (run `npm run generate` and commit schema.graphql)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });
});
