import { Problems } from '../validation.ts';

/** The longest query search accepts; longer ones are refused, not cut. */
export const MAX_QUERY_LENGTH = 500;

/**
 * Checks what a user typed into a search box and returns it cleaned: trimmed, with NUL and
 * other control characters (which PostgreSQL cannot take in text) turned into spaces and
 * unpaired surrogates dropped. Everything else, including quotes and `&|!():*`, goes to the
 * engine as text, never as syntax it did not ask for.
 */
export function checkSearchText(field: string, raw: string, min = 1): string {
  const cleaned = raw
    .replace(/[\p{Cc}\p{Cs}\u{FFFE}\u{FFFF}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const problems = new Problems();
  if (raw.length > MAX_QUERY_LENGTH)
    problems.add(field, `must be at most ${MAX_QUERY_LENGTH} characters (it is ${raw.length})`);
  else if (cleaned.length < min)
    problems.add(field, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
  problems.throwIfAny();
  return cleaned;
}

/** The words of a text (letters and digits), lower case: what prefix and typo matching use. */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 32);
}

/**
 * Whether the text uses web-search syntax (`"exact phrase"`, `or`, `-exclusion`); plain words
 * are matched as typed so far instead, the last one as a prefix.
 */
export function usesSearchSyntax(text: string): boolean {
  return /["]|(^|\s)-\S|\s(or|OR)\s/.test(text);
}
