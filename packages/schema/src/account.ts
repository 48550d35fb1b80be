import type { User } from '@parley/prisma/client';
import { hashPassword, verifyPassword } from './auth/password.ts';
import { createSession, endSession } from './auth/session.ts';
import { builder } from './builder.ts';
import { db } from './db.ts';
import { UserKindEnum, UserRoleEnum } from './enums.ts';
import { writeErrors } from './errors.ts';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError } from './failures.ts';
import { selection, signedIn } from './lookup.ts';
import { Person } from './person.ts';
import { LIMITS, Problems } from './validation.ts';
import { isAdmin, isEmployee } from './visibility.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The signed-in person's own account: the only place an email address is ever shown. */
export const Account = builder.objectRef<User>('Account').implement({
  description: 'Your own account. `email` appears nowhere else in the API.',
  fields: (t) => ({
    email: t.exposeString('email'),
    kind: t.field({ type: UserKindEnum, resolve: (user) => user.kind }),
    role: t.field({ type: UserRoleEnum, resolve: (user) => user.role }),
    createdAt: t.field({ type: 'DateTime', resolve: (user) => user.createdAt }),
    person: t.prismaField({
      type: Person,
      description: 'How everyone else sees you.',
      resolve: (query, user) => db.user.findUniqueOrThrow({ ...selection(query), where: { id: user.id } }),
    }),
  }),
});

interface SignedIn {
  token: string;
  user: User;
}

const SessionRef = builder.objectRef<SignedIn>('Session').implement({
  description: 'A new session: send `token` as `Authorization: Bearer <token>`.',
  fields: (t) => ({
    token: t.exposeString('token'),
    account: t.field({ type: Account, resolve: (session) => session.user }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: Account,
    nullable: true,
    description: 'The signed-in account; null when anonymous.',
    resolve: (_root, _args, context) =>
      context.viewer ? db.user.findUnique({ where: { id: context.viewer.id } }) : null,
  }),
);

const SignUpInput = builder.inputType('SignUpInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    handle: t.string({ required: true, description: '3-30 of a-z, 0-9, _ and -: your public @handle.' }),
    displayName: t.string({ required: true }),
    password: t.string({ required: true, description: 'At least 10 characters.' }),
  }),
});

builder.mutationField('signUp', (t) =>
  t.field({
    type: SessionRef,
    description: 'Create a customer account and sign in. Employees are promoted by an admin.',
    errors: { types: [...writeErrors, ConflictError, RateLimitedError] },
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const wait = await context.services.limits.consume('sign-up-address', context.clientAddress);
      if (wait !== null) throw new RateLimitedError(wait);
      const problems = new Problems();
      const email = input.email.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > 254) problems.add('input.email', 'must be an email address');
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
      if (await db.user.findUnique({ where: { email } }))
        throw new ConflictError('An account with this email already exists.', 'input.email');
      if (await db.user.findUnique({ where: { handle } }))
        throw new ConflictError(`@${handle} is taken.`, 'input.handle');
      const now = context.services.clock.now();
      const user = await db.user
        .create({
          data: {
            email,
            handle,
            displayName,
            passwordHash: await hashPassword(input.password),
            createdAt: now,
          },
        })
        .catch((error: unknown) => {
          // Two sign-ups racing for one handle or email: the database's unique index decides.
          if ((error as { code?: string }).code === 'P2002')
            throw new ConflictError('That email or handle was just taken.', 'input.handle');
          throw error;
        });
      const token = await createSession(user.id, now, context.userAgent);
      context.sessionChanged(token);
      return { token, user };
    },
  }),
);

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    login: t.string({ required: true, description: 'Your email address or your handle.' }),
    password: t.string({ required: true }),
  }),
});

const WRONG = 'Wrong email, handle or password.';

builder.mutationField('signIn', (t) =>
  t.field({
    type: SessionRef,
    description:
      'Sign in with an email or handle. Ten wrong passwords in 15 minutes lock the account for a while.',
    errors: { types: [...writeErrors, RateLimitedError] },
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const login = input.login.trim().toLowerCase();
      const user = await db.user.findFirst({
        where: login.includes('@') ? { email: login } : { handle: login },
      });
      const accountKey = user ? `user:${user.id}` : `login:${login}`;
      // Checked before the password, so a locked account cannot be probed further.
      for (const [policy, key] of [
        ['sign-in-account', accountKey],
        ['sign-in-address', context.clientAddress],
      ] as const) {
        const wait = await context.services.limits.peek(policy, key);
        if (wait !== null) throw new RateLimitedError(wait);
      }
      if (!user || !(await verifyPassword(user.passwordHash, input.password))) {
        for (const [policy, key] of [
          ['sign-in-account', accountKey],
          ['sign-in-address', context.clientAddress],
        ] as const) {
          const wait = await context.services.limits.consume(policy, key);
          if (wait !== null) throw new RateLimitedError(wait);
        }
        // The same answer for an unknown login and a wrong password: no account enumeration.
        throw new ForbiddenError(WRONG);
      }
      await context.services.limits.reset('sign-in-account', accountKey);
      const token = await createSession(user.id, context.services.clock.now(), context.userAgent);
      context.sessionChanged(token);
      return { token, user };
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'End this session (the token stops working at once).',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    resolve: async (_root, _args, context) => {
      const viewer = signedIn(context.viewer);
      if (viewer.sessionId !== undefined) await endSession(viewer.sessionId);
      context.sessionChanged(null);
      return true;
    },
  }),
);

const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  fields: (t) => ({
    displayName: t.string(),
    bio: t.string({ description: 'Markdown, up to 2,000 characters.' }),
  }),
});

builder.mutationField('updateProfile', (t) =>
  t.prismaField({
    type: Person,
    description: 'Change your own display name or bio.',
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
      return db.user.update({
        ...selection(query),
        where: { id: viewer.id },
        data: {
          ...(displayName !== undefined ? { displayName } : {}),
          ...(bio !== undefined ? { bio } : {}),
        },
      });
    },
  }),
);

const UpdateEmployeeProfileInput = builder.inputType('UpdateEmployeeProfileInput', {
  fields: (t) => ({
    title: t.string(),
    department: t.string({ description: 'A department slug.' }),
    bio: t.string(),
    expertise: t.stringList({ description: 'Up to 10 topics you know best, each up to 40 characters.' }),
    avatarUrl: t.string({ description: 'An https URL, or an empty string to remove it.' }),
    pronouns: t.string(),
    location: t.string(),
  }),
});

builder.mutationField('updateEmployeeProfile', (t) =>
  t.prismaField({
    type: Person,
    description:
      'Employees: your public face (title, department, bio, expertise, avatar, pronouns, location).',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: UpdateEmployeeProfileInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      if (!isEmployee(viewer)) throw new ForbiddenError('Only employees have an employee profile.');
      const problems = new Problems();
      const optionalText = (field: keyof typeof input, max: number, min = 0) => {
        const value = input[field];
        return typeof value === 'string' ? problems.text(`input.${field}`, value, min, max) : undefined;
      };
      const title = optionalText('title', 100, 2);
      const bio = optionalText('bio', LIMITS.bio.max);
      const pronouns = optionalText('pronouns', 30);
      const location = optionalText('location', 80);
      const avatarUrl = optionalText('avatarUrl', 500);
      if (avatarUrl) {
        try {
          if (new URL(avatarUrl).protocol !== 'https:')
            problems.add('input.avatarUrl', 'must be an https URL');
        } catch {
          problems.add('input.avatarUrl', 'must be an https URL');
        }
      }
      const expertise = input.expertise?.map((item) => item.trim()).filter(Boolean);
      if (expertise && expertise.length > 10) problems.add('input.expertise', 'at most 10 items');
      expertise?.forEach((item, index) => {
        if (item.length > 40) problems.add(`input.expertise.${index}`, 'must be at most 40 characters');
      });
      const department = input.department
        ? await db.department.findUnique({ where: { slug: input.department } })
        : undefined;
      if (input.department && !department)
        problems.add('input.department', `no department "${input.department}"`);
      problems.throwIfAny();
      return db.user.update({
        ...selection(query),
        where: { id: viewer.id },
        data: {
          ...(bio !== undefined ? { bio } : {}),
          profile: {
            update: {
              ...(title !== undefined ? { title } : {}),
              ...(department ? { departmentId: department.id } : {}),
              ...(expertise ? { expertise } : {}),
              ...(avatarUrl !== undefined ? { avatarUrl: avatarUrl || null } : {}),
              ...(pronouns !== undefined ? { pronouns: pronouns || null } : {}),
              ...(location !== undefined ? { location: location || null } : {}),
            },
          },
        },
      });
    },
  }),
);

const SetUserKindInput = builder.inputType('SetUserKindInput', {
  fields: (t) => ({
    personId: t.globalID({ required: true, for: [Person] }),
    kind: t.field({ type: UserKindEnum, required: true }),
    department: t.string({ description: 'Required when promoting to EMPLOYEE: a department slug.' }),
    title: t.string({ description: 'Required when promoting to EMPLOYEE: their job title.' }),
  }),
});

builder.mutationField('setUserKind', (t) =>
  t.prismaField({
    type: Person,
    description: 'Admins: make someone an employee (with a department and title) or a customer again.',
    authScopes: { admin: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: SetUserKindInput, required: true }) },
    resolve: async (query, _root, { input }, context) => {
      if (!isAdmin(context.viewer)) throw new ForbiddenError('Only admins can do this.');
      const id = Number(input.personId.id);
      const user = await db.user.findUnique({ where: { id }, include: { profile: true } });
      if (!user) throw new NotFoundError('person', input.personId.id);
      if (input.kind === 'CUSTOMER') {
        // The profile stays (it is their history's public face) but no longer shows.
        return db.user.update({ ...selection(query), where: { id }, data: { kind: 'CUSTOMER' } });
      }
      const problems = new Problems();
      const department = input.department
        ? await db.department.findUnique({ where: { slug: input.department } })
        : null;
      if (!department && !user.profile) problems.add('input.department', 'a department is needed to promote');
      if (input.department && !department)
        problems.add('input.department', `no department "${input.department}"`);
      const title =
        input.title == null ? user.profile?.title : problems.text('input.title', input.title, 2, 100);
      if (!title) problems.add('input.title', 'a title is needed to promote');
      problems.throwIfAny();
      const profile = { title: title ?? '', departmentId: department?.id ?? user.profile?.departmentId ?? 0 };
      return db.user.update({
        ...selection(query),
        where: { id },
        data: { kind: 'EMPLOYEE', profile: { upsert: { create: profile, update: profile } } },
      });
    },
  }),
);

builder.mutationField('setUserRole', (t) =>
  t.prismaField({
    type: Person,
    description: 'Admins: make someone a moderator, an admin, or a member.',
    authScopes: { admin: true },
    errors: { types: [...writeErrors] },
    args: {
      personId: t.arg.globalID({ required: true, for: [Person] }),
      role: t.arg({ type: UserRoleEnum, required: true }),
    },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const id = Number(args.personId.id);
      if (id === viewer.id && args.role !== 'ADMIN')
        throw new ForbiddenError('Admins cannot demote themselves; ask another admin.');
      const user = await db.user.findUnique({ where: { id } });
      if (!user) throw new NotFoundError('person', args.personId.id);
      return db.user.update({ ...selection(query), where: { id }, data: { role: args.role } });
    },
  }),
);
