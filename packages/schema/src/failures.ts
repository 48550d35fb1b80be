/**
 * Expected failures, returned as typed results (the errors plugin turns a thrown instance into
 * a member of the field's result union). Anything else is masked and logged by the server.
 */
export class ParleyError extends Error {
  override name = 'ParleyError';
}

export interface FieldProblem {
  /** The input field, as a dotted path: `input.title`, `input.tags.2`. */
  field: string;
  message: string;
}

/** Input that breaks a rule; lists every problem at once, each with its field. */
export class ValidationError extends ParleyError {
  override name = 'ValidationError';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '));
  }
}

/** Nothing the viewer may see has this id, handle or slug. Hidden things are not found either. */
export class NotFoundError extends ParleyError {
  override name = 'NotFoundError';
  constructor(
    readonly resource: string,
    readonly ref: string,
  ) {
    super(`No ${resource} ${ref} exists, or you cannot see it.`);
  }
}

/** The viewer may see the thing but not do this to it; says why. */
export class ForbiddenError extends ParleyError {
  override name = 'ForbiddenError';
}

/** Too many attempts; try again after `retryAfterSeconds`. */
export class RateLimitedError extends ParleyError {
  override name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many attempts. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    );
  }
}

/** The request clashes with the current state: a taken handle, an answer already accepted. */
export class ConflictError extends ParleyError {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
