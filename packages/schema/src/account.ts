import type { User } from '@parley/prisma/client';
import { hashPassword, verifyPassword } from './auth/password.ts';
import { createSession, endSession } from './auth/session.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { db } from './db.ts';
import { Department } from './department.ts';
import { UserKindEnum, UserRoleEnum } from './enums.ts';
import { writeErrors } from './errors.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from './failures.ts';
import { selection, signedIn } from './lookup.ts';
import { Person } from './person.ts';
import { publishAccessChange } from './realtime/access.ts';
import { LIMITS, Problems } from './validation.ts';
import { isAdmin, isEmployee } from './visibility.ts';

/** Loose on purpose: the only real test of an address is mail arriving. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_MAX = 254;
/** The employee profile's own limits (bio is the person's, LIMITS.bio). */
const PROFILE = {
  title: { min: 2, max: 100 },
  pronouns: { max: 30 },
  location: { max: 80 },
  avatarUrl: { max: 500 },
  expertise: { items: 10, itemMax: 40 },
} as const;

/** The signed-in person's own account: the only place an email address is ever shown. */
export const Account = builder.prismaObject('User', {
  variant: 'Account',
  select: { id: true },
  description: 'Your own account. `email` appears nowhere else in the API.',
  fields: (t) => ({
    email: t.exposeString('email'),
    kind: t.expose('kind', { type: UserKindEnum }),
    role: t.expose('role', { type: UserRoleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    // Same row, public face: read in the same query as the account.
    person: t.variant(Person, { description: 'How everyone else sees you.' }),
  }),
});

interface SignedIn {
  token: string;
  user: User;
}

const SessionRef = builder.objectRef<SignedIn>('Session').implement({
  description:
    'A new session. API clients send `token` as `Authorization: Bearer <token>`; browsers also get it as an HttpOnly cookie, which counts only with the `x-parley-csrf: 1` header.',
  fields: (t) => ({
    token: t.exposeString('token'),
    account: t.field({ type: Account, resolve: (session) => session.user }),
  }),
});

builder.queryField('viewer', (t) =>
  t.prismaField({
    type: Account,
    nullable: true,
    description: 'The signed-in account; null when anonymous.',
    resolve: (query, _root, _args, context) =>
      context.viewer ? db.user.findUnique({ ...selection(query), where: { id: context.viewer.id } }) : null,
  }),
);

/** Starts a session for `user` and tells the transport, which sets the cookie. */
async function startSession(context: Context, user: User): Promise<SignedIn> {
  const token = await createSession(user.id, context.services.clock.now(), context.userAgent);
  context.sessionChanged(token);
  return { token, user };
}

const SignUpInput = builder.inputType('SignUpInput', {
  fields: (t) => ({
    email: t.string({ required: true, description: 'Private: only you see it, as `viewer.email`.' }),
    handle: t.string({ required: true, description: '3-30 of a-z, 0-9, _ and -: your public @handle.' }),
    displayName: t.string({ required: true, description: `Up to ${LIMITS.displayName.max} characters.` }),
    password: t.string({
      required: true,
      description: `${LIMITS.password.min}-${LIMITS.password.max} characters.`,
    }),
  }),
});

builder.mutationField('signUp', (t) =>
  t.field({
    type: SessionRef,
    description:
      'Create a customer account (kind CUSTOMER, role MEMBER) and sign in. Employees are promoted by an admin. Limited to 20 sign-ups an hour per address.',
    errors: { types: [...writeErrors, ConflictError, RateLimitedError] },
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const problems = new Problems();
      const email = input.email.trim().toLowerCase();
      if (!EMAIL.test(email)) problems.add('input.email', 'must be an email address');
      else if (email.length > EMAIL_MAX)
        problems.add('input.email', `must be at most ${EMAIL_MAX} characters`);
      const handle = input.handle.trim().toLowerCase();
      if (!LIMITS.handle.test(handle)) problems.add('input.handle', 'must be 3-30 of a-z, 0-9, _ and -');
      const displayName = problems.text(
        'input.displayName',
        input.displayName,
        LIMITS.displayName.min,
        LIMITS.displayName.max,
      );
      if (input.password.length < LIMITS.password.min || input.password.length > LIMITS.password.max)
        problems.add('input.password', `must be ${LIMITS.password.min}-${LIMITS.password.max} characters`);
      problems.throwIfAny();
      // Counted before the uniqueness checks: a taken email is an answer, and answers are rationed.
      const wait = await context.services.limits.consume('sign-up-address', context.clientAddress);
      if (wait !== null) throw new RateLimitedError(wait);
      await refuseTaken(email, handle);
      const user = await db.user
        .create({
          data: {
            email,
            handle,
            displayName,
            passwordHash: await hashPassword(input.password),
            createdAt: context.services.clock.now(),
          },
        })
        .catch(async (error: unknown) => {
          // Two sign-ups raced for one email or handle and the unique index chose: say which.
          if (isUniqueViolation(error)) await refuseTaken(email, handle);
          throw error;
        });
      return startSession(context, user);
    },
  }),
);

async function refuseTaken(email: string, handle: string): Promise<void> {
  const taken = await db.user.findMany({
    where: { OR: [{ email }, { handle }] },
    select: { email: true, handle: true },
  });
  if (taken.some((user) => user.email === email))
    throw new ConflictError('An account with this email already exists.', 'input.email');
  if (taken.some((user) => user.handle === handle))
    throw new ConflictError(`@${handle} is taken.`, 'input.handle');
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    login: t.string({ required: true, description: 'Your email address or your handle.' }),
    password: t.string({ required: true }),
  }),
});

/**
 * Every failed sign-in's answer, a locked account's included: saying an account is locked would
 * confirm it exists (and that an email and a handle are the same person's). The second sentence
 * tells its owner why the right password fails for a while.
 */
const WRONG_LOGIN =
  'Wrong email, handle or password. After 10 failed attempts an account accepts no password for 15 minutes.';
/** Verified against when the login is unknown or locked, so every failure takes an argon2 verification. */
let decoyHash: Promise<string> | undefined;

builder.mutationField('signIn', (t) =>
  t.field({
    type: SessionRef,
    description: `Sign in with an email or handle. Every failure answers the same ForbiddenError, so nobody can tell whether an account exists: a wrong password, an unknown login, a password over ${LIMITS.password.max} characters, and an account with 10 failed attempts in the last 15 minutes (which accepts no password, not even the right one, until the window passes). 30 failed attempts from one address in 15 minutes (a successful sign-in does not count), then RateLimitedError.`,
    errors: { types: [...writeErrors, RateLimitedError] },
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const { limits } = context.services;
      const login = input.login.trim().toLowerCase();
      const user = await db.user.findUnique({
        where: login.includes('@') ? { email: login } : { handle: login },
      });
      // Each attempt is counted (one atomic step per counter) before its password is checked, so
      // guesses sent at once cannot all pass a check that none of them was counted in yet.
      const wait = await limits.consume('sign-in-address', context.clientAddress);
      if (wait !== null) throw new RateLimitedError(wait);
      const accountKey = user ? `user:${user.id}` : `login:${login}`;
      const locked = (await limits.consume('sign-in-account', accountKey)) !== null;
      // Longer than sign-up allows: refused unhashed (20 MB would cost a second of argon2).
      const tooLong = input.password.length > LIMITS.password.max;
      decoyHash ??= hashPassword('not anyone’s password');
      const valid =
        !tooLong &&
        (await verifyPassword(user && !locked ? user.passwordHash : await decoyHash, input.password));
      if (!user || locked || !valid) throw new ForbiddenError(WRONG_LOGIN);
      await limits.reset('sign-in-account', accountKey);
      // A sign-in that succeeds is not a guess: an office of colleagues behind one address
      // signing in each morning must not lock each other out.
      await limits.refund('sign-in-address', context.clientAddress);
      return startSession(context, user);
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'End this session: its token (and cookie) stop working at once.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    resolve: async (_root, _args, context) => {
      const viewer = signedIn(context.viewer);
      if (viewer.sessionId !== undefined) {
        await endSession(viewer.sessionId);
        // Its open sockets close too, on every instance.
        publishAccessChange(context, viewer.id, { sessionId: viewer.sessionId });
      }
      context.sessionChanged(null);
      return true;
    },
  }),
);

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  fields: (t) => ({
    displayName: t.string({ description: `Up to ${LIMITS.displayName.max} characters.` }),
    bio: t.string({ description: `Markdown, up to ${LIMITS.bio.max} characters.` }),
  }),
});

builder.mutationField('updateProfile', (t) =>
  t.prismaField({
    type: Person,
    description: 'Change your own display name or bio; fields left out stay as they are.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      const problems = new Problems();
      const displayName =
        input.displayName == null
          ? undefined
          : problems.text(
              'input.displayName',
              input.displayName,
              LIMITS.displayName.min,
              LIMITS.displayName.max,
            );
      const bio = input.bio == null ? undefined : problems.text('input.bio', input.bio, 0, LIMITS.bio.max);
      problems.throwIfAny();
      return db.user.update({ ...selection(query), where: { id: viewer.id }, data: { displayName, bio } });
    },
  }),
);

const UpdateEmployeeProfileInput = builder.inputType('UpdateEmployeeProfileInput', {
  fields: (t) => ({
    title: t.string({ description: `${PROFILE.title.min}-${PROFILE.title.max} characters.` }),
    departmentId: t.globalID({ for: [Department] }),
    bio: t.string({ description: `Markdown, up to ${LIMITS.bio.max} characters.` }),
    expertise: t.stringList({
      description: `Replaces the list: up to ${PROFILE.expertise.items} topics you know best, each up to ${PROFILE.expertise.itemMax} characters.`,
    }),
    avatarUrl: t.string({ description: 'An https URL, or an empty string to remove it.' }),
    pronouns: t.string({ description: 'An empty string removes them.' }),
    location: t.string({ description: 'An empty string removes it.' }),
  }),
});

builder.mutationField('updateEmployeeProfile', (t) =>
  t.prismaField({
    type: Person,
    description:
      'Employees: your own public face (title, department, bio, expertise, avatar, pronouns, location); fields left out stay as they are.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: UpdateEmployeeProfileInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      if (!isEmployee(viewer)) throw new ForbiddenError('Only employees have an employee profile.');
      const problems = new Problems();
      const text = (field: 'title' | 'bio' | 'pronouns' | 'location' | 'avatarUrl', max: number, min = 0) => {
        const value = input[field];
        return value == null ? undefined : problems.text(`input.${field}`, value, min, max);
      };
      const title = text('title', PROFILE.title.max, PROFILE.title.min);
      const bio = text('bio', LIMITS.bio.max);
      const pronouns = text('pronouns', PROFILE.pronouns.max);
      const location = text('location', PROFILE.location.max);
      const avatarUrl = text('avatarUrl', PROFILE.avatarUrl.max);
      if (avatarUrl && !isHttpsUrl(avatarUrl)) problems.add('input.avatarUrl', 'must be an https URL');
      const expertise = input.expertise?.map((item) => item.trim()).filter((item) => item !== '');
      if (expertise && expertise.length > PROFILE.expertise.items)
        problems.add('input.expertise', `must have at most ${PROFILE.expertise.items} items`);
      expertise?.forEach((item, index) => {
        if (item.length > PROFILE.expertise.itemMax)
          problems.add(`input.expertise.${index}`, `must be at most ${PROFILE.expertise.itemMax} characters`);
      });
      problems.throwIfAny();
      const departmentId = input.departmentId ? await departmentIdOf(input.departmentId.id) : undefined;
      return db.user.update({
        ...selection(query),
        where: { id: viewer.id },
        data: {
          bio,
          profile: {
            update: {
              title,
              departmentId,
              expertise,
              // An empty string clears an optional field.
              avatarUrl: avatarUrl === undefined ? undefined : avatarUrl || null,
              pronouns: pronouns === undefined ? undefined : pronouns || null,
              location: location === undefined ? undefined : location || null,
            },
          },
        },
      });
    },
  }),
);

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

async function departmentIdOf(id: string): Promise<number> {
  const numeric = Number(id);
  const department = Number.isSafeInteger(numeric)
    ? await db.department.findUnique({ where: { id: numeric }, select: { id: true } })
    : null;
  if (!department) throw new NotFoundError('department', id);
  return department.id;
}

/** The user behind a Person id, for admins' writes. */
async function userIdOf(id: string): Promise<number> {
  const numeric = Number(id);
  const user = Number.isSafeInteger(numeric)
    ? await db.user.findUnique({ where: { id: numeric }, select: { id: true } })
    : null;
  if (!user) throw new NotFoundError('person', id);
  return user.id;
}

const SetUserKindInput = builder.inputType('SetUserKindInput', {
  fields: (t) => ({
    personId: t.globalID({ required: true, for: [Person] }),
    kind: t.field({ type: UserKindEnum, required: true }),
    departmentId: t.globalID({ for: [Department], description: 'Required with kind EMPLOYEE.' }),
    title: t.string({
      description: `Required with kind EMPLOYEE: their job title, ${PROFILE.title.min}-${PROFILE.title.max} characters.`,
    }),
  }),
});

builder.mutationField('setUserKind', (t) =>
  t.prismaField({
    type: Person,
    description:
      'Admins: make someone an employee (in a department, with a title; their profile starts otherwise empty) or a customer again (their profile is kept, hidden, for a later promotion).',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: SetUserKindInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      if (!isAdmin(context.viewer)) throw new ForbiddenError('Only admins can change who is an employee.');
      if (input.kind === 'CUSTOMER') {
        const id = await userIdOf(input.personId.id);
        const person = await db.user.update({
          ...selection(query),
          where: { id },
          data: { kind: 'CUSTOMER' },
        });
        // Their open sockets still read as an employee: they close and reconnect as a customer.
        publishAccessChange(context, id);
        return person;
      }
      const { departmentId, title } = input;
      if (!departmentId || title == null) {
        const missing = new Problems();
        if (!departmentId) missing.add('input.departmentId', 'is required to make someone an employee');
        if (title == null) missing.add('input.title', 'is required to make someone an employee');
        throw new ValidationError(missing.list);
      }
      const problems = new Problems();
      const checkedTitle = problems.text('input.title', title, PROFILE.title.min, PROFILE.title.max);
      problems.throwIfAny();
      const id = await userIdOf(input.personId.id);
      const profile = { title: checkedTitle, departmentId: await departmentIdOf(departmentId.id) };
      const person = await db.user.update({
        ...selection(query),
        where: { id },
        data: { kind: 'EMPLOYEE', profile: { upsert: { create: profile, update: profile } } },
      });
      publishAccessChange(context, id);
      return person;
    },
  }),
);

const SetUserRoleInput = builder.inputType('SetUserRoleInput', {
  fields: (t) => ({
    personId: t.globalID({ required: true, for: [Person] }),
    role: t.field({ type: UserRoleEnum, required: true }),
  }),
});

builder.mutationField('setUserRole', (t) =>
  t.prismaField({
    type: Person,
    description:
      'Admins: make someone a MODERATOR, an ADMIN, or a MEMBER again. Admins cannot demote themselves, and a demotion that would leave no admin (two admins demoting each other at once) answers ConflictError.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors, ConflictError] },
    args: { input: t.arg({ type: SetUserRoleInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      if (!isAdmin(viewer)) throw new ForbiddenError('Only admins can change roles.');
      const id = await userIdOf(input.personId.id);
      if (id === viewer.id && input.role !== 'ADMIN')
        throw new ForbiddenError('Admins cannot demote themselves; ask another admin.');
      const person = await db.$transaction(async (tx) => {
        // Every admin row locked, in id order: role changes queue here, each seeing who is
        // admin once the one before it committed (the viewer's role was read at request start).
        const admins = await tx.$queryRaw<{ id: number }[]>`
          SELECT id FROM users WHERE role = 'ADMIN' ORDER BY id FOR UPDATE`;
        const adminIds = new Set(admins.map((admin) => admin.id));
        if (input.role !== 'ADMIN' && adminIds.has(id) && adminIds.size === 1)
          throw new ConflictError(
            'This would leave no admin: make someone else an admin first.',
            'input.role',
          );
        if (!adminIds.has(viewer.id)) throw new ForbiddenError('Only admins can change roles.');
        return tx.user.update({ ...selection(query), where: { id }, data: { role: input.role } });
      });
      // Open sockets keep the rights they connected with: they close and reconnect with the new role.
      publishAccessChange(context, id);
      return person;
    },
  }),
);
