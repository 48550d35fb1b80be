import type PrismaTypes from '@parley/prisma/pothos-types';
import { getDatamodel } from '@parley/prisma/pothos-types';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import type { Context } from './context.ts';
import { db } from './db.ts';
import { ForbiddenError } from './failures.ts';
import { decodeRowGlobalID, globalIdErrors } from './global-id-errors.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
  };
  AuthScopes: {
    signedIn: boolean;
    employee: boolean;
    moderator: boolean;
    admin: boolean;
  };
}>({
  plugins: [globalIdErrors, ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: () => db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    defaultConnectionSize: 20,
    maxConnectionSize: 100,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    decodeGlobalID: decodeRowGlobalID,
  },
  errors: {
    defaultTypes: [],
  },
  scopeAuth: {
    authorizeOnSubscribe: true,
    // A typed ForbiddenError, so a mutation's result union carries it like any other failure.
    unauthorizedError: (_parent, context, _info, result) =>
      new ForbiddenError(context.viewer ? refusalFor(result.failure) : 'Sign in to do this.'),
    authScopes: (context) => ({
      signedIn: context.viewer !== null,
      employee: context.viewer?.kind === 'EMPLOYEE',
      moderator: context.viewer?.role === 'MODERATOR' || context.viewer?.role === 'ADMIN',
      admin: context.viewer?.role === 'ADMIN',
    }),
  },
});

/** What a refused scope means to the person refused (Pothos says "Not authorized to resolve …"). */
const scopeRefusals: Record<string, string> = {
  admin: 'Only admins can do this.',
  moderator: 'Only moderators and admins can do this.',
  employee: 'Only employees can do this.',
  signedIn: 'Sign in to do this.',
};

function refusalFor(failure: AuthFailure): string {
  if (failure.kind === AuthScopeFailureType.AuthScope)
    return scopeRefusals[failure.scope] ?? 'You cannot do this.';
  if ('failures' in failure && failure.failures[0]) return refusalFor(failure.failures[0]);
  return 'You cannot do this.';
}

builder.queryType({});
builder.mutationType({});
