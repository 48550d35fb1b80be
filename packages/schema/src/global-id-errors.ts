import SchemaBuilder, { BasePlugin, PothosValidationError, type SchemaTypes } from '@pothos/core';
import { wrapErrorIfMatches } from '@pothos/plugin-errors';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLFieldResolver } from 'graphql';
import { NotFoundError } from './failures.ts';

/** Every node's id is a PostgreSQL `integer`: larger numbers can name nothing. */
const MAX_ID = 2_147_483_647;

/**
 * Decodes a global id, refusing one whose id is not a row id (`Topic:abc`, `Topic:1e300`), so
 * resolvers may take `Number(id)` as a real key instead of sending NaN to the database.
 */
export function decodeRowGlobalID(globalID: string): { typename: string; id: string } {
  const decoded = decodeGlobalID(globalID);
  if (!/^\d{1,10}$/.test(decoded.id) || Number(decoded.id) > MAX_ID)
    throw new PothosValidationError(`Invalid global ID: ${globalID}`);
  return decoded;
}

/**
 * The relay plugin decodes `globalID` arguments before the resolver runs, outside the errors
 * plugin's reach, so a malformed id or one of another type (a Person's id as `topicId`) failed
 * the whole request. For fields that answer NotFoundError, it is that typed result instead: an
 * id that names nothing the viewer can see, like any other unknown id.
 */
export class GlobalIdErrorsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object> | undefined,
    fieldConfig: Parameters<BasePlugin<Types>['wrapArgMappers']>[1],
  ): GraphQLFieldResolver<unknown, Types['Context'], object> | undefined {
    const { pothosErrors: errors } = (fieldConfig.extensions ?? {}) as {
      pothosErrors?: (new (...args: never[]) => unknown)[];
    };
    // A subscription's subscribe must return its stream; only plain fields answer a result union.
    if (!resolver || fieldConfig.kind === 'Subscription' || !errors?.includes(NotFoundError)) return resolver;
    const asNotFound = (error: unknown) => {
      const refused = error instanceof PothosValidationError && unknownId(error.message);
      if (!refused) throw error;
      return wrapErrorIfMatches(new NotFoundError(refused.resource, refused.id), errors);
    };
    return (parent, args, context, info) => {
      try {
        const result = resolver(parent, args, context, info) as unknown;
        return result instanceof Promise ? result.catch(asNotFound) : result;
      } catch (error) {
        return asNotFound(error);
      }
    };
  }
}

/** The id a relay decoding error names, and what it was meant to be, or null for other errors. */
function unknownId(message: string): { resource: string; id: string } | null {
  const wrongType = /^ID: (.*) is not of type: (.*)$/.exec(message);
  if (wrongType) return { id: wrongType[1] ?? '', resource: (wrongType[2] ?? '').split(', ')[0] ?? 'object' };
  const malformed = /^Invalid global ID: (.*)$/.exec(message);
  return malformed ? { id: malformed[1] ?? '', resource: 'object' } : null;
}

/** The plugin's name, for the builder's `plugins` list. */
export const globalIdErrors = 'globalIdErrors' as const;
SchemaBuilder.registerPlugin(globalIdErrors, GlobalIdErrorsPlugin);

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      globalIdErrors: GlobalIdErrorsPlugin<Types>;
    }
  }
}
