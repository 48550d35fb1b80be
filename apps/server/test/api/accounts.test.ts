import { hashPassword } from '@parley/schema/auth/password';
import { LIMITS } from '@parley/schema/validation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/admin-bootstrap.ts';
import { createLogger } from '../../src/log.ts';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

const SignUp = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
      ... on MutationSignUpSuccess { data { token account { email kind role person { handle displayName } } } }
      ... on ValidationError { problems { field message } }
      ... on ConflictError { field message }
      ... on Error { message }
    }
  }
`);
const SignIn = graphql(`
  mutation SignIn($login: String!, $password: String!) {
    signIn(input: { login: $login, password: $password }) {
      __typename
      ... on MutationSignInSuccess { data { token account { person { handle } } } }
      ... on RateLimitedError { retryAfterSeconds }
      ... on Error { message }
    }
  }
`);
const Viewer = graphql(`query Viewer { viewer { email kind person { handle } } }`);
/** Every failed sign-in's answer (a locked account's too). */
const WRONG_LOGIN =
  'Wrong email, handle or password. After 10 failed attempts an account accepts no password for 15 minutes.';

let api: ApiTest;
beforeAll(async () => {
  api = await startApiTest();
  await api.prisma.department.create({ data: { slug: 'support', name: 'Support' } });
});
afterAll(() => api?.stop());

const input = (overrides: Record<string, string> = {}) => ({
  email: 'Maria@Example.com',
  handle: 'maria_bakes',
  displayName: 'Maria Rossi',
  password: 'a long enough password',
  ...overrides,
});

describe('signing up and in', () => {
  it('signs up a customer whose token then works', async () => {
    const result = await api.anonymous.data(SignUp, { input: input() });
    if (result.signUp.__typename !== 'MutationSignUpSuccess') throw new Error(JSON.stringify(result));
    expect(result.signUp.data.account).toEqual({
      email: 'maria@example.com',
      kind: 'CUSTOMER',
      role: 'MEMBER',
      person: { handle: 'maria_bakes', displayName: 'Maria Rossi' },
    });
    const me = await api.withToken(result.signUp.data.token).data(Viewer);
    expect(me.viewer).toEqual({
      email: 'maria@example.com',
      kind: 'CUSTOMER',
      person: { handle: 'maria_bakes' },
    });
  });

  it('reports every bad field at once and creates nothing', async () => {
    const before = await api.prisma.user.count();
    const result = await api.anonymous.data(SignUp, {
      input: { email: 'not-an-email', handle: 'No Spaces!', displayName: '  ', password: 'short' },
    });
    expect(result.signUp.__typename).toBe('ValidationError');
    const fields =
      result.signUp.__typename === 'ValidationError' ? result.signUp.problems.map((p) => p.field) : [];
    expect(fields.sort()).toEqual(['input.displayName', 'input.email', 'input.handle', 'input.password']);
    expect(await api.prisma.user.count()).toBe(before);
  });

  it('refuses a taken email or handle with the field that clashes', async () => {
    const email = await api.anonymous.data(SignUp, { input: input({ handle: 'someone_else' }) });
    expect(email.signUp).toMatchObject({ __typename: 'ConflictError', field: 'input.email' });
    const handle = await api.anonymous.data(SignUp, { input: input({ email: 'other@example.com' }) });
    expect(handle.signUp).toMatchObject({ __typename: 'ConflictError', field: 'input.handle' });
  });

  it('signs in by email or by handle, and answers a wrong password like an unknown login', async () => {
    for (const login of ['maria@example.com', 'MARIA_BAKES']) {
      const result = await api.anonymous.data(SignIn, { login, password: 'a long enough password' });
      expect(result.signIn).toMatchObject({
        __typename: 'MutationSignInSuccess',
        data: { account: { person: { handle: 'maria_bakes' } } },
      });
    }
    const wrong = await api.anonymous.data(SignIn, { login: 'maria_bakes', password: 'wrong password!' });
    const unknown = await api.anonymous.data(SignIn, { login: 'nobody_here', password: 'wrong password!' });
    expect(wrong.signIn).toEqual({ __typename: 'ForbiddenError', message: WRONG_LOGIN });
    expect(unknown.signIn).toEqual(wrong.signIn);
  });

  it('locks an account after 10 wrong passwords, even for the right one, answering as for any wrong login', async () => {
    await api.anonymous.data(SignUp, { input: input({ email: 'tom@example.com', handle: 'tom_plumbing' }) });
    for (let attempt = 0; attempt < 10; attempt++) {
      const result = await api.anonymous.data(SignIn, {
        login: 'tom_plumbing',
        password: `wrong ${attempt}!!`,
      });
      expect(result.signIn.__typename).toBe('ForbiddenError');
    }
    // By handle or by email, the locked account answers like a login nobody has: being locked
    // would say that the account exists, and that this email is @tom_plumbing's.
    const refused = { __typename: 'ForbiddenError', message: WRONG_LOGIN };
    for (const login of ['tom_plumbing', 'tom@example.com']) {
      const locked = await api.anonymous.data(SignIn, { login, password: 'a long enough password' });
      expect(locked.signIn).toEqual(refused);
    }
    const unknown = await api.anonymous.data(SignIn, {
      login: 'someone@else.example',
      password: 'guess 1234',
    });
    expect(unknown.signIn).toEqual(refused);
  });

  it(`refuses a password over ${LIMITS.password.max} characters like a wrong one, even the right one`, async () => {
    const long = 'x'.repeat(LIMITS.password.max + 1);
    const user = await api.prisma.user.create({
      data: {
        email: 'long@example.com',
        handle: 'long_password',
        displayName: 'Long',
        passwordHash: await hashPassword(long),
      },
    });
    const answer = await api.anonymous.data(SignIn, { login: user.handle, password: long });
    expect(answer.signIn).toEqual({ __typename: 'ForbiddenError', message: WRONG_LOGIN });
  });

  it('signs out: the token stops working at once', async () => {
    const result = await api.anonymous.data(SignIn, {
      login: 'maria_bakes',
      password: 'a long enough password',
    });
    if (result.signIn.__typename !== 'MutationSignInSuccess') throw new Error('no session');
    const session = api.withToken(result.signIn.data.token);
    const SignOut = graphql(`mutation SignOut { signOut { __typename } }`);
    expect((await session.data(SignOut)).signOut.__typename).toBe('MutationSignOutSuccess');
    expect((await session.data(Viewer)).viewer).toBeNull();
  });

  it('accepts the session cookie only with the CSRF header', async () => {
    const response = await fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation { signIn(input: { login: "maria_bakes", password: "a long enough password" }) { __typename } }',
      }),
    });
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^parley_session=pss_/);
    const ask = (headers: Record<string, string>) =>
      fetch(api.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ query: '{ viewer { person { handle } } }' }),
      }).then((r) => r.json());
    expect(await ask({})).toEqual({ data: { viewer: null } });
    expect(await ask({ 'x-parley-csrf': '1' })).toEqual({
      data: { viewer: { person: { handle: 'maria_bakes' } } },
    });
  });

  it('never shows an email anywhere but viewer', async () => {
    const response = await fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __type(name: "Person") { fields { name } } }' }),
    });
    const body = (await response.json()) as { data: { __type: { fields: { name: string }[] } } };
    const fields = body.data.__type.fields.map((field) => field.name);
    expect(fields).toContain('handle');
    expect(fields).not.toContain('email');
  });
});

describe('roles and profiles', () => {
  let customer: Actor;
  let employee: Actor;
  let moderator: Actor;
  let admin: Actor;
  beforeAll(async () => {
    customer = await api.actor('customer');
    employee = await api.actor('employee');
    moderator = await api.actor('moderator');
    admin = await api.actor('admin');
  });

  const personId = (id: number | null) => Buffer.from(`Person:${id}`).toString('base64');
  const Promote = graphql(`
    mutation Promote($id: ID!, $department: ID!) {
      setUserKind(input: { personId: $id, kind: EMPLOYEE, departmentId: $department, title: "Support Specialist" }) {
        __typename ... on MutationSetUserKindSuccess { data { isEmployee title department { slug } } }
      }
    }
  `);
  const MakeModerator = graphql(`
    mutation MakeModerator($id: ID!) { setUserRole(input: { personId: $id, role: MODERATOR }) { __typename } }
  `);

  it('lets only admins promote people and set roles', async () => {
    const target = await api.actor('customer');
    const Departments = graphql(`query PromoteDepartments { departments { id slug } }`);
    const support = (await api.anonymous.data(Departments)).departments.find((d) => d.slug === 'support');
    if (!support) throw new Error('the test database has no support department');
    const promote = { id: personId(target.id), department: support.id };
    for (const actor of [customer, employee, moderator]) {
      expect((await actor.data(Promote, promote)).setUserKind.__typename).toBe('ForbiddenError');
      expect((await actor.data(MakeModerator, { id: personId(target.id) })).setUserRole.__typename).toBe(
        'ForbiddenError',
      );
    }
    expect((await admin.data(Promote, promote)).setUserKind).toEqual({
      __typename: 'MutationSetUserKindSuccess',
      data: { isEmployee: true, title: 'Support Specialist', department: { slug: 'support' } },
    });
    expect((await admin.data(MakeModerator, { id: personId(target.id) })).setUserRole.__typename).toBe(
      'MutationSetUserRoleSuccess',
    );
  });

  it('lets employees edit their public profile, and nobody else', async () => {
    const Edit = graphql(`
      mutation EditProfile($input: UpdateEmployeeProfileInput!) {
        updateEmployeeProfile(input: $input) {
          __typename
          ... on MutationUpdateEmployeeProfileSuccess { data { title expertise pronouns avatarUrl } }
          ... on ValidationError { problems { field } }
        }
      }
    `);
    const edit = {
      title: 'Bank Feeds Specialist',
      expertise: ['bank feeds', 'reconciliation'],
      pronouns: 'she/her',
    };
    expect((await customer.data(Edit, { input: edit })).updateEmployeeProfile.__typename).toBe(
      'ForbiddenError',
    );
    expect((await employee.data(Edit, { input: edit })).updateEmployeeProfile).toEqual({
      __typename: 'MutationUpdateEmployeeProfileSuccess',
      data: { ...edit, avatarUrl: null },
    });
    const bad = await employee.data(Edit, {
      input: { avatarUrl: 'http://insecure.example/a.png', title: 'x' },
    });
    expect(bad.updateEmployeeProfile).toEqual({
      __typename: 'ValidationError',
      problems: [{ field: 'input.title' }, { field: 'input.avatarUrl' }],
    });
  });

  it('lets anyone edit their own name and bio', async () => {
    const Edit = graphql(`
      mutation EditMine { updateProfile(input: { displayName: "Nina P.", bio: "Accountant" }) {
        __typename ... on MutationUpdateProfileSuccess { data { displayName bio } } } }
    `);
    expect((await customer.data(Edit)).updateProfile).toEqual({
      __typename: 'MutationUpdateProfileSuccess',
      data: { displayName: 'Nina P.', bio: 'Accountant' },
    });
    expect((await api.anonymous.data(Edit)).updateProfile.__typename).toBe('ForbiddenError');
  });
});

describe('the bootstrap admin', () => {
  it('is created once, and its password follows the configuration', async () => {
    const logger = createLogger('error');
    const now = new Date();
    await bootstrapAdmin(
      api.prisma,
      { email: 'Ops@Tallybook.example', password: 'first password 123' },
      now,
      logger,
    );
    await bootstrapAdmin(
      api.prisma,
      { email: 'ops@tallybook.example', password: 'second password 456' },
      now,
      logger,
    );
    const admins = await api.prisma.user.findMany({ where: { email: 'ops@tallybook.example' } });
    expect(admins).toHaveLength(1);
    expect(admins[0]).toMatchObject({ handle: 'ops', kind: 'EMPLOYEE', role: 'ADMIN' });
    const signIn = await api.anonymous.data(SignIn, { login: 'ops', password: 'second password 456' });
    expect(signIn.signIn.__typename).toBe('MutationSignInSuccess');
  });

  it(`refuses to start with a password over ${LIMITS.password.max} characters, which sign-in would refuse`, async () => {
    await expect(
      bootstrapAdmin(
        api.prisma,
        { email: 'long@tallybook.example', password: 'x'.repeat(LIMITS.password.max + 1) },
        new Date(),
        createLogger('error'),
      ),
    ).rejects.toThrow(
      `PARLEY_ADMIN_PASSWORD is longer than ${LIMITS.password.max} characters, which sign-in refuses`,
    );
    expect(await api.prisma.user.count({ where: { email: 'long@tallybook.example' } })).toBe(0);
  });

  it("takes over a self-registered account with the admin's email: its tokens and sessions stop working", async () => {
    const signedUp = await api.anonymous.data(SignUp, {
      input: input({ email: 'root@tallybook.example', handle: 'not_the_admin' }),
    });
    if (signedUp.signUp.__typename !== 'MutationSignUpSuccess') throw new Error(JSON.stringify(signedUp));
    const squatter = api.withToken(signedUp.signUp.data.token);
    const CreateToken = graphql(`
      mutation SquatterToken($input: CreateApiTokenInput!) {
        createApiToken(input: $input) { __typename ... on MutationCreateApiTokenSuccess { data { secret } } }
      }
    `);
    const created = await squatter.data(CreateToken, { input: { name: 'waiting', scopes: ['READ'] } });
    if (created.createApiToken.__typename !== 'MutationCreateApiTokenSuccess') throw new Error('no token');
    const apiToken = created.createApiToken.data.secret;
    const ask = (token: string) =>
      fetch(api.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { role } }' }),
      });
    expect(await (await ask(apiToken)).json()).toEqual({ data: { viewer: { role: 'MEMBER' } } });

    // The configured password happens to be the squatter's own: promoting still revokes.
    await bootstrapAdmin(
      api.prisma,
      { email: 'root@tallybook.example', password: 'a long enough password' },
      new Date(),
      createLogger('error'),
    );
    expect((await ask(apiToken)).status).toBe(401);
    // An ended session reads as anonymous, as after signOut.
    expect(await (await ask(signedUp.signUp.data.token)).json()).toEqual({ data: { viewer: null } });
    const owner = await api.prisma.user.findUniqueOrThrow({
      where: { email: 'root@tallybook.example' },
      include: { apiTokens: true, sessions: true },
    });
    expect(owner.role).toBe('ADMIN');
    expect(owner.sessions).toEqual([]);
    expect(owner.apiTokens.map((token) => token.revokedAt)).toEqual([expect.any(Date)]);

    // A restart with the same configuration (already admin, same password) ends nothing.
    const session = await api.anonymous.data(SignIn, {
      login: 'not_the_admin',
      password: 'a long enough password',
    });
    if (session.signIn.__typename !== 'MutationSignInSuccess') throw new Error(JSON.stringify(session));
    await bootstrapAdmin(
      api.prisma,
      { email: 'root@tallybook.example', password: 'a long enough password' },
      new Date(),
      createLogger('error'),
    );
    expect(await (await ask(session.signIn.data.token)).json()).toEqual({
      data: { viewer: { role: 'ADMIN' } },
    });
  });
});
