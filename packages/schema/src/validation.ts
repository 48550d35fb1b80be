import { GraphQLError } from 'graphql';
import { type FieldProblem, ValidationError } from './failures.ts';

/**
 * Collects every problem in an input before anything is written, so a client can show them
 * all at once and bad input changes nothing.
 */
export class Problems {
  readonly list: FieldProblem[] = [];

  add(field: string, message: string): this {
    this.list.push({ field, message });
    return this;
  }

  /**
   * Checks a trimmed length in characters (code points, as PostgreSQL counts them, so an emoji is
   * one); characters that show nothing do not count towards the minimum. Returns the trimmed text.
   */
  text(field: string, value: string, min: number, max: number): string {
    const trimmed = value.trim();
    const length = characters(trimmed);
    if (characters(trimmed.replace(INVISIBLE, '')) < min)
      this.add(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    else if (length > max) this.add(field, `must be at most ${max} characters (it is ${length})`);
    return trimmed;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.list);
  }
}

/**
 * Whitespace, and characters that take no space (zero-width spaces and joiners, word joiner, byte
 * order mark, Hangul and Braille blanks): text made only of these looks empty.
 */
const INVISIBLE = /[\s\u00ad\u115f\u1160\u180e\u200b-\u200f\u2060-\u2064\u2800\u3164\ufeff\uffa0]/gu;

/** Length in code points: what a reader counts as characters, and what PostgreSQL limits. */
export function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export const LIMITS = {
  title: { min: 3, max: 200 },
  body: { min: 1, max: 50_000 },
  tagsPerTopic: 5,
  handle: /^[a-z0-9_-]{3,30}$/,
  displayName: { min: 1, max: 80 },
  bio: { max: 2_000 },
  password: { min: 10, max: 200 },
  /** The most items one page of any connection may hold. */
  pageSize: 100,
} as const;

/**
 * The `maxSize` of every connection: refuses a page larger than LIMITS.pageSize with a clear
 * error instead of quietly returning fewer rows than asked for.
 */
export function pageSizeLimit(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size != null && (size < 0 || size > LIMITS.pageSize)) {
      throw new GraphQLError(`${name} must be between 0 and ${LIMITS.pageSize} (it is ${size}).`, {
        extensions: { code: 'BAD_USER_INPUT', argument: name, max: LIMITS.pageSize },
      });
    }
  }
  return LIMITS.pageSize;
}
