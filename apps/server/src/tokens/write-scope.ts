import type { Context } from '@parley/schema/context';
import { GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * A token without the `write` scope reads only: its mutations are refused before anything
 * runs (403 over HTTP), whatever the owner could do with a session.
 */
export function useWriteScope(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const token = (args.contextValue as Partial<Context>).viewer?.token;
      if (!token || token.scopes.includes('write')) return;
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation?.operation !== 'mutation') return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError('This API token may only read: mutations need a token with the WRITE scope.', {
            extensions: { code: 'FORBIDDEN', scope: 'write', http: { status: 403 } },
          }),
        ],
      });
    },
  };
}
