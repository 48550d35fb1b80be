import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.ts';
import { clientDatamodel, findDrift } from './support/drift.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

let test: TestDatabase;
let database: Database;

beforeAll(async () => {
  test = await createTestDatabase({ migrated: true });
  database = await openDatabase(test.config);
});
afterAll(async () => {
  await database.close();
  await test.drop();
});

describe('the drift guard', () => {
  it('reads the data model the generated client was built from', () => {
    const datamodel = clientDatamodel(database.prisma);
    expect(datamodel.models.map((model) => model.name)).toEqual(
      expect.arrayContaining(['User', 'Topic', 'Post']),
    );
    expect(datamodel.indexes.length).toBeGreaterThan(20);
  });

  it('finds every model, field, relation, unique constraint and index of schema.prisma in the migrated database', async () => {
    expect(await findDrift(clientDatamodel(database.prisma), database.sql)).toEqual([]);
  });

  it('fails when a migration forgets a column, an index, a foreign key or a NOT NULL', async () => {
    await database.sql
      .withConnection((connection) =>
        connection.transaction(async (tx) => {
          await tx.exec(`
          ALTER TABLE "topics" DROP COLUMN "pinned";
          DROP INDEX "topics_hidden_last_activity_at_id_idx";
          ALTER TABLE "posts" DROP CONSTRAINT "posts_author_id_fkey";
          ALTER TABLE "users" ALTER COLUMN "display_name" DROP NOT NULL;
          ALTER TABLE "votes" ALTER COLUMN "created_at" TYPE TIMESTAMP(3);`);
          const problems = await findDrift(clientDatamodel(database.prisma), tx);
          expect(problems).toEqual(
            expect.arrayContaining([
              'Topic.pinned: column "topics"."pinned" is missing',
              'Topic: index on "topics"(hidden, last_activity_at DESC, id DESC) is missing',
              'Post.author: foreign key (author_id) -> users(id) is missing',
              'User.displayName: column "users"."display_name" is nullable, expected NOT NULL',
              'Vote.createdAt: column "votes"."created_at" is timestamp, expected timestamptz',
            ]),
          );
          expect(problems).toHaveLength(5);
          throw new RollBack();
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    expect(await findDrift(clientDatamodel(database.prisma), database.sql)).toEqual([]);
  });
});

class RollBack extends Error {}
