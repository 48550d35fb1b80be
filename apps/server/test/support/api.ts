import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@parley/prisma/client';
import { hashPassword } from '@parley/schema/auth/password';
import { createSession } from '@parley/schema/auth/session';
import type { Clock } from '@parley/schema/context';
import type { TadaDocumentNode } from 'gql.tada';
import { type GraphQLFormattedError, print } from 'graphql';
import type { App } from '../../src/app.ts';
import type { Config } from '../../src/env.ts';
import type { SearchRuntimeOptions } from '../../src/search/search-runtime.ts';
import { startTestApp, testConfig } from './test-app.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** The password every test account has; tests that sign in use it. */
export const TEST_PASSWORD = 'correct horse battery';

export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Someone using the API: anonymous, or signed in with a session token. */
export interface Actor {
  readonly id: number | null;
  readonly handle: string | null;
  readonly token: string | null;
  /** Runs an operation; fails the test on transport errors, returns GraphQL errors to assert on. */
  request<Data, Variables extends Record<string, unknown>>(
    document: TadaDocumentNode<Data, Variables>,
    ...variables: Variables extends Record<string, never> ? [] : [Variables]
  ): Promise<GraphQLResponse<Data>>;
  /** Like `request`, but fails the test on any GraphQL error and returns the data. */
  data<Data, Variables extends Record<string, unknown>>(
    document: TadaDocumentNode<Data, Variables>,
    ...variables: Variables extends Record<string, never> ? [] : [Variables]
  ): Promise<Data>;
}

export type Role = 'customer' | 'employee' | 'moderator' | 'admin' | 'customer-moderator';

export interface ApiTest {
  readonly app: App;
  readonly prisma: PrismaClient;
  readonly anonymous: Actor;
  /** A new account of the given role, signed in. Employees get a profile in a department. */
  actor(role: Role, options?: { handle?: string; displayName?: string; department?: string }): Promise<Actor>;
  /** An actor for an existing session token (e.g. one `signIn` returned). */
  withToken(token: string | null): Actor;
  stop(): Promise<void>;
}

/** A server on a fresh, migrated, empty database; `stop` in afterAll. */
export async function startApiTest(
  options: {
    clock?: Clock;
    onQuery?: (sql: string) => void;
    /** Configuration beside the database, e.g. `redisUrl`. */
    config?: Partial<Config>;
    /** Another instance's database, to run a second server on the same data (not dropped by `stop`). */
    shareDatabase?: TestDatabase;
    /** Search engine and indexer settings (e.g. a Meilisearch index of its own). */
    search?: SearchRuntimeOptions;
  } = {},
): Promise<ApiTest & { database: TestDatabase }> {
  const database: TestDatabase = options.shareDatabase ?? (await createTestDatabase());
  const app = await startTestApp(testConfig(database.config, options.config), {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    ...(options.search ? { search: options.search } : {}),
  });
  const prisma = app.database.prisma;
  const clock = options.clock ?? { now: () => new Date() };
  let passwordHash: Promise<string> | undefined;
  const departments = new Map<string, Promise<number>>();

  const withToken = (token: string | null, id: number | null = null, handle: string | null = null): Actor => {
    const request: Actor['request'] = async (document, ...variables) => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query: print(document), variables: variables[0] ?? {} }),
      });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as GraphQLResponse<never>;
    };
    return {
      id,
      handle,
      token,
      request,
      async data(document, ...variables) {
        const result = await request(document, ...variables);
        if (result.errors?.length || !result.data) {
          throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? 'no data')}`);
        }
        return result.data;
      },
    };
  };

  const department = (slug: string) => {
    let id = departments.get(slug);
    if (!id) {
      id = prisma.department
        .upsert({
          where: { slug },
          create: { slug, name: slug, description: `The ${slug} team.` },
          update: {},
        })
        .then((row) => row.id);
      departments.set(slug, id);
    }
    return id;
  };

  return {
    app,
    prisma,
    anonymous: withToken(null),
    withToken: (token) => withToken(token),
    async actor(role, actorOptions = {}) {
      passwordHash ??= hashPassword(TEST_PASSWORD);
      const handle = actorOptions.handle ?? `${role.split('-')[0]}_${randomBytes(4).toString('hex')}`;
      const employee = role === 'employee' || role === 'moderator' || role === 'admin';
      const user = await prisma.user.create({
        data: {
          handle,
          email: `${handle}@example.com`,
          displayName: actorOptions.displayName ?? `Test ${role} ${handle.slice(-4)}`,
          passwordHash: await passwordHash,
          kind: employee ? 'EMPLOYEE' : 'CUSTOMER',
          role:
            role === 'admin'
              ? 'ADMIN'
              : role === 'moderator' || role === 'customer-moderator'
                ? 'MODERATOR'
                : 'MEMBER',
          ...(employee
            ? {
                profile: {
                  create: {
                    title: 'Support Specialist',
                    departmentId: await department(actorOptions.department ?? 'support'),
                    expertise: ['testing'],
                  },
                },
              }
            : {}),
        },
      });
      const token = await createSession(user.id, clock.now(), 'parley-tests');
      return withToken(token, user.id, handle);
    },
    database,
    async stop() {
      await app.stop();
      if (!options.shareDatabase) await database.drop();
    },
  };
}
