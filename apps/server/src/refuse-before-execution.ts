import type { ExecutionArgs, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * A plugin that refuses an operation before anything runs (a query or mutation over HTTP or a
 * socket, or a subscription) when `check` finds a reason, answering that error alone.
 */
export function refuseBeforeExecution(check: (args: ExecutionArgs) => GraphQLError | null): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
