import { randomBytes } from 'node:crypto';
import { hashPassword } from '@parley/schema/auth/password';
import { print } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiTest, startApiTest } from './support/api.ts';
import { graphql } from './support/graphql.ts';
import { redisUrl } from './support/test-env.ts';

// Every password check, by the hash it checked against: what sign-in limits must bound.
const checks = vi.hoisted(() => ({ hashes: [] as string[] }));
vi.mock('@parley/schema/auth/password', async (importOriginal) => {
  const real = await importOriginal<typeof import('@parley/schema/auth/password')>();
  return {
    ...real,
    verifyPassword(passwordHash: string, password: string) {
      checks.hashes.push(passwordHash);
      return real.verifyPassword(passwordHash, password);
    },
  };
});

const SignIn = graphql(`
  mutation LimitedSignIn($login: String!, $password: String!) {
    signIn(input: { login: $login, password: $password }) {
      __typename
      ... on Error { message }
    }
  }
`);

const PASSWORD = 'the right password';

const counters: [string, string | undefined][] = [
  ['in this process', undefined],
  ...(redisUrl ? [['on Redis', redisUrl] as [string, string]] : []),
];

describe.each(counters)('sign-in limits counted %s', (_where, redis) => {
  let api: ApiTest;
  let passwordHash: string;
  const prefix = `parley-test-${randomBytes(4).toString('hex')}`;
  /**
   * Until the server's limits connection is ready its counts go to memory (the outage
   * fallback): sign in as nobody until a count lands in Redis.
   */
  const untilCountedInRedis = async (url: string, namespace: string) => {
    const client = new Redis(url);
    try {
      const key = `${namespace}:rl:sign-in-account:login:warm_up`;
      for (let attempt = 0; !(await client.exists(key)); attempt++) {
        if (attempt === 50) throw new Error('the rate limits never reached Redis');
        await signIn('warm_up', 'no password', '192.0.2.250');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      client.disconnect();
    }
  };
  beforeAll(async () => {
    api = await startApiTest({
      config: {
        redisUrl: redis,
        rateLimits: {
          anonymousPerMinute: 100_000,
          tokenPerMinute: 100_000,
          sessionPerMinute: 100_000,
          redisPrefix: prefix,
        },
      },
    });
    passwordHash = await hashPassword(PASSWORD);
    if (redis) await untilCountedInRedis(redis, prefix);
  });
  afterAll(() => api?.stop());
  beforeEach(() => {
    checks.hashes.length = 0;
  });

  let accounts = 0;
  const account = async () => {
    const handle = `limited_${++accounts}_${randomBytes(3).toString('hex')}`;
    await api.prisma.user.create({
      data: { handle, email: `${handle}@example.com`, displayName: handle, passwordHash },
    });
    return handle;
  };
  /** One sign-in from `address` (the test server trusts X-Forwarded-For from loopback). */
  const signIn = async (login: string, password: string, address: string) => {
    const response = await fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: print(SignIn), variables: { login, password } }),
    });
    const body = (await response.json()) as { data: { signIn: { __typename: string; message?: string } } };
    return body.data.signIn;
  };
  it('checks at most 10 passwords of one account, however many guesses arrive at once', async () => {
    const handle = await account();
    // Each guess from its own address: only the account's limit applies.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(handle, `wrong guess ${i}`, `203.0.113.${i + 1}`)),
    );
    expect(answers.every((answer) => answer.__typename === 'ForbiddenError')).toBe(true);
    expect(checks.hashes.filter((hash) => hash === passwordHash)).toHaveLength(10);
    // The right password, now: locked like any wrong one.
    expect((await signIn(handle, PASSWORD, '203.0.113.99')).__typename).toBe('ForbiddenError');
  });

  it('lets 39 wrong guesses and the right one at once through only as far as the limits allow', async () => {
    const handle = await account();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn(handle, i === 39 ? PASSWORD : `wrong guess ${i}`, `203.0.113.${i + 1}`),
      ),
    );
    // Only the first 10 counted reach a password check; the right one succeeds only among them.
    expect(checks.hashes.filter((hash) => hash === passwordHash)).toHaveLength(10);
    const succeeded = answers.filter((answer) => answer.__typename === 'MutationSignInSuccess').length;
    expect(succeeded).toBeLessThanOrEqual(1);
  });

  it('counts 30 attempts per address however many arrive at once, then answers RateLimitedError', async () => {
    const from = '198.51.100.30';
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn(`nobody_${i}_${randomBytes(3).toString('hex')}`, 'guess', from),
      ),
    );
    const kinds = answers.map((answer) => answer.__typename);
    expect(kinds.filter((kind) => kind === 'ForbiddenError')).toHaveLength(30);
    expect(kinds.filter((kind) => kind === 'RateLimitedError')).toHaveLength(10);
    expect(checks.hashes).toHaveLength(30);
  });

  it('counts only the attempts that fail against the address: colleagues behind one address all sign in', async () => {
    const from = '198.51.100.50';
    const colleague = await account();
    const wrong = await Promise.all(
      Array.from({ length: 29 }, (_, i) =>
        signIn(`nobody_${i}_${randomBytes(3).toString('hex')}`, 'guess', from),
      ),
    );
    expect(wrong.every((answer) => answer.__typename === 'ForbiddenError')).toBe(true);
    for (let morning = 0; morning < 5; morning++) {
      expect((await signIn(colleague, PASSWORD, from)).__typename).toBe('MutationSignInSuccess');
    }
    // The 30th failure is still answered; the 31st is one too many.
    expect((await signIn('nobody_thirtieth', 'guess', from)).__typename).toBe('ForbiddenError');
    expect((await signIn('nobody_thirty_first', 'guess', from)).__typename).toBe('RateLimitedError');
    expect((await signIn(colleague, PASSWORD, from)).__typename).toBe('RateLimitedError');
  });

  it('refuses an over-long password like a wrong one, without hashing it', async () => {
    const handle = await account();
    const wrong = await signIn(handle, 'a wrong password', '198.51.100.40');
    checks.hashes.length = 0;
    const long = await signIn(handle, 'x'.repeat(500_000), '198.51.100.40');
    expect(long).toEqual(wrong);
    expect(checks.hashes).toEqual([]);
  });
});
