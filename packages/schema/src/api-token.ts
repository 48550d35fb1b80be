import type { Prisma } from '@parley/prisma/client';
import { Account } from './account.ts';
import { API_TOKEN_SCOPES } from './auth/api-token.ts';
import { hashSecret, newSecret } from './auth/session.ts';
import { builder } from './builder.ts';
import type { ApiTokenScope, Viewer } from './context.ts';
import { db } from './db.ts';
import { writeErrors } from './errors.ts';
import { ForbiddenError, NotFoundError } from './failures.ts';
import { selection, signedIn } from './lookup.ts';
import { Problems } from './validation.ts';
import { isEmployee } from './visibility.ts';

const NAME = { min: 1, max: 80 } as const;
/** Active tokens one person may hold; a revoked or expired one no longer counts. */
export const MAX_ACTIVE_TOKENS = 50;

export const ApiTokenScopeEnum = builder.enumType('ApiTokenScope', {
  description: 'What a personal API token may do.',
  values: {
    READ: {
      value: 'read',
      description:
        'Read what the owner may read, except internal notes and hidden content. Every token has it.',
    },
    WRITE: { value: 'write', description: 'Act as the owner: every mutation the owner may run.' },
    READ_INTERNAL: {
      value: 'read:internal',
      description:
        'Also read internal notes, hidden content and customers’ timelines. Employees only; it stops working if the owner stops being one.',
    },
  } as const,
});

export const ApiToken = builder.prismaNode('ApiToken', {
  id: { field: 'id' },
  nullable: true,
  // Only the owner finds their tokens, through node(id) too.
  findUnique: (id, context) =>
    ({ id: Number(id), userId: context.viewer?.id ?? -1 }) as Prisma.ApiTokenWhereUniqueInput,
  description:
    'A personal access token for scripts and third-party apps. Only a hash of its secret is stored; the secret is shown once, when it is created.',
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', {
      description: 'The first characters of the secret, to tell tokens apart.',
    }),
    scopes: t.field({
      type: [ApiTokenScopeEnum],
      select: { scopes: true },
      resolve: (token) => API_TOKEN_SCOPES.filter((scope) => token.scopes.includes(scope)),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Updated at most once a minute.',
    }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({
      description: 'Neither revoked nor expired.',
      select: { revokedAt: true, expiresAt: true },
      resolve: (token, _args, context) =>
        token.revokedAt === null &&
        (token.expiresAt === null || token.expiresAt > context.services.clock.now()),
    }),
  }),
});

builder.prismaObjectField(Account, 'apiTokens', (t) =>
  t.relation('apiTokens', {
    description: 'Your personal API tokens, newest first, revoked ones included.',
    query: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  }),
);

interface NewApiToken {
  secret: string;
  token: { id: number };
}

const NewApiTokenRef = builder.objectRef<NewApiToken>('NewApiToken').implement({
  description: 'A token just created. `secret` is shown this once: store it now.',
  fields: (t) => ({
    secret: t.exposeString('secret', {
      description:
        'Send it as `Authorization: Bearer <secret>`, or as `connectionParams.token` over graphql-ws.',
    }),
    token: t.prismaField({
      type: ApiToken,
      resolve: (query, created) =>
        db.apiToken.findUniqueOrThrow({ ...selection(query), where: { id: created.token.id } }),
    }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: `What it is for, ${NAME.min}-${NAME.max} characters.` }),
    scopes: t.field({
      type: [ApiTokenScopeEnum],
      required: true,
      description: 'READ is always included. READ_INTERNAL is for employees only.',
    }),
    expiresAt: t.field({ type: 'DateTime', description: 'When it stops working; never when left out.' }),
  }),
});

/** Tokens are managed with a session, never with another token (a leaked token cannot breed). */
function requireSession(viewer: Viewer): void {
  if (viewer.token)
    throw new ForbiddenError('API tokens are managed while signed in, not with an API token.');
}

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: NewApiTokenRef,
    description:
      'Create a personal API token. Its secret is returned once and stored only as a hash. Needs a signed-in session.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const viewer = signedIn(context.viewer);
      requireSession(viewer);
      const now = context.services.clock.now();
      const problems = new Problems();
      const name = problems.text('input.name', input.name, NAME.min, NAME.max);
      if (input.expiresAt && input.expiresAt <= now) problems.add('input.expiresAt', 'must be in the future');
      problems.throwIfAny();
      const scopes = new Set<ApiTokenScope>(['read', ...input.scopes]);
      if (scopes.has('read:internal') && !isEmployee(viewer))
        throw new ForbiddenError('Only employees can give a token the READ_INTERNAL scope.');
      const active = await db.apiToken.count({
        where: { userId: viewer.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      });
      if (active >= MAX_ACTIVE_TOKENS)
        throw new ForbiddenError(`You have ${MAX_ACTIVE_TOKENS} active tokens: revoke one first.`);
      const secret = newSecret('pat');
      const token = await db.apiToken.create({
        data: {
          userId: viewer.id,
          name,
          tokenHash: hashSecret(secret),
          prefix: secret.slice(0, 12),
          scopes: API_TOKEN_SCOPES.filter((scope) => scopes.has(scope)),
          createdAt: now,
          expiresAt: input.expiresAt ?? null,
        },
        select: { id: true },
      });
      return { secret, token };
    },
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.prismaField({
    type: ApiToken,
    description:
      'Revoke one of your tokens: it stops working at once, over HTTP and on open WebSocket connections (closed with 4403). A token may revoke itself.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: { tokenId: t.arg.globalID({ required: true, for: [ApiToken] }) },
    resolve: async (query, _root, args, context) => {
      const viewer = signedIn(context.viewer);
      const id = Number(args.tokenId.id);
      if (viewer.token && viewer.token.id !== id) requireSession(viewer);
      const owned = await db.apiToken.findFirst({
        where: { id, userId: viewer.id },
        select: { revokedAt: true },
      });
      if (!owned) throw new NotFoundError('API token', args.tokenId.id);
      const token = await db.apiToken.update({
        ...selection(query),
        where: { id },
        data: { revokedAt: owned.revokedAt ?? context.services.clock.now() },
      });
      try {
        context.services.pubsub.publish('token', id, { kind: 'REVOKED' });
      } catch (error) {
        context.services.onPublishError?.(error);
      }
      return token;
    },
  }),
);
