// Prints the schema to schema.graphql, the contract the portal's typed operations and third
// parties read. In CI the file is left as committed, so the staleness test can catch a schema
// change that was committed without its printed form.
import { readFileSync, writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/index.ts';

const path = new URL('../schema.graphql', import.meta.url);
const printed = `${printSchema(schema)}\n`;
if (process.env.CI) {
  const committed = readFileSync(path, 'utf8');
  console.log(
    committed === printed
      ? 'schema.graphql is current'
      : 'schema.graphql is stale: the schema test will fail',
  );
} else {
  writeFileSync(path, printed);
  console.log('printed schema.graphql');
}
