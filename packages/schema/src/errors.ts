import { builder } from './builder.ts';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  type ParleyError,
  RateLimitedError,
  ValidationError,
} from './failures.ts';

export * from './failures.ts';

export const ErrorInterface = builder.interfaceRef<ParleyError>('Error').implement({
  description: 'An expected failure. Every mutation result is either its success type or one of these.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldProblemRef = builder.objectRef<FieldProblem>('FieldProblem').implement({
  description: 'One broken rule in the input.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The input field, as a dotted path, e.g. `input.title`.' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    problems: t.field({ type: [FieldProblemRef], resolve: (error) => [...error.problems] }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ resource: t.exposeString('resource'), ref: t.exposeString('ref') }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RateLimitedError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({ field: t.exposeString('field', { nullable: true }) }),
});

/** The errors every write can end in; fields add RateLimitedError or ConflictError where they can. */
export const writeErrors = [ValidationError, NotFoundError, ForbiddenError] as const;
