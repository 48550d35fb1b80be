import type { Viewer } from './context.ts';
import { db } from './db.ts';
import { ForbiddenError, NotFoundError } from './failures.ts';
import { visibleTopics } from './visibility.ts';

/**
 * The topic behind a global id's numeric part, if the viewer may see it. Unknown and hidden
 * topics are the same NotFoundError, so a customer cannot probe for hidden ones.
 */
export async function findVisibleTopic(viewer: Viewer | null, id: string) {
  const numeric = Number(id);
  const topic = Number.isSafeInteger(numeric)
    ? await db.topic.findFirst({ where: { id: numeric, ...visibleTopics(viewer) } })
    : null;
  if (!topic) throw new NotFoundError('topic', id);
  return topic;
}

/**
 * A topic a reply, an edit, a vote or a follow may go to: visible, and not merged away (its
 * conversation, votes and followers moved to the topic it continues in).
 */
export async function findWritableTopic(viewer: Viewer | null, id: string) {
  const topic = await findVisibleTopic(viewer, id);
  if (topic.mergedIntoId !== null)
    throw new ForbiddenError(`This topic was merged into topic ${topic.mergedIntoId}: it continues there.`);
  return topic;
}

/** The signed-in viewer; resolvers behind the `signedIn` scope can rely on it. */
export function signedIn(viewer: Viewer | null): Viewer {
  if (!viewer) throw new Error('a signed-in viewer was expected (missing authScopes?)');
  return viewer;
}

/**
 * A Pothos `query` safe to spread into Prisma: when a client selects nothing from the result
 * (`{ __typename }` only) Pothos asks for `select: {}`, which Prisma 7 rejects.
 */
export function selection<Query extends object>(query: Query): Query {
  const select = (query as { select?: object }).select;
  if (!select || Object.keys(select).length > 0) return query;
  const { select: _empty, ...rest } = query as Query & { select: object };
  return rest as Query;
}
