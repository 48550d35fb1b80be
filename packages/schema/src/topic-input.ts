import type { Tx } from './notify.ts';
import { LIMITS, type Problems } from './validation.ts';

const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Checks and normalises tags: lower case, unique, at most five, each 2–30 of a-z 0-9 and dashes. */
export function checkTags(problems: Problems, field: string, tags: readonly string[]): string[] {
  const normalised = [...new Set(tags.map((tag) => tag.trim().toLowerCase()))];
  if (normalised.length > LIMITS.tagsPerTopic) problems.add(field, `at most ${LIMITS.tagsPerTopic} tags`);
  normalised.forEach((tag, index) => {
    if (tag.length < 2 || tag.length > 30 || !TAG.test(tag))
      problems.add(`${field}.${index}`, 'must be 2-30 lower-case letters, digits and single dashes');
  });
  return normalised;
}

/** The tag rows for these slugs, created on first use. */
export async function tagIds(tx: Tx, slugs: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const slug of slugs) {
    const tag = await tx.tag.upsert({
      where: { slug },
      create: { slug, name: slug.replaceAll('-', ' ') },
      update: {},
      select: { id: true },
    });
    ids.push(tag.id);
  }
  return ids;
}
