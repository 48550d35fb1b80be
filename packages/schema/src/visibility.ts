import type { Prisma } from '@parley/prisma/client';
import type { Viewer } from './context.ts';

/**
 * Who may see what: the one place the rules live, as Prisma filters every query applies.
 * - Internal notes: employees only.
 * - Hidden topics and posts: moderators (and admins) only; to everyone else they do not exist.
 * - Deleted posts: nobody sees their body; the thread keeps a tombstone only for moderators.
 */

export const isEmployee = (viewer: Viewer | null): boolean => viewer?.kind === 'EMPLOYEE';
export const isModerator = (viewer: Viewer | null): boolean =>
  viewer?.role === 'MODERATOR' || viewer?.role === 'ADMIN';
export const isAdmin = (viewer: Viewer | null): boolean => viewer?.role === 'ADMIN';
/** Moderators and employees run the community: pin, lock, close, move, hide. */
export const canModerate = (viewer: Viewer | null): boolean => isModerator(viewer) || isEmployee(viewer);

/**
 * An API token reads what its owner may see, except internal notes and hidden content, unless
 * it carries `read:internal` (which only employees can give their tokens). Sessions are not limited.
 */
const tokenReadsPublicOnly = (viewer: Viewer | null): boolean =>
  viewer?.token !== undefined && !viewer.token.scopes.includes('read:internal');
/** Reads internal notes (and a customer's conversation timeline): employees, not through a plain token. */
export const seesInternal = (viewer: Viewer | null): boolean =>
  isEmployee(viewer) && !tokenReadsPublicOnly(viewer);
/** Reads hidden topics and replies: moderators and employees, not through a plain token. */
export const seesHidden = (viewer: Viewer | null): boolean =>
  canModerate(viewer) && !tokenReadsPublicOnly(viewer);

export function visibleTopics(viewer: Viewer | null): Prisma.TopicWhereInput {
  return seesHidden(viewer) ? {} : { hidden: false };
}

/** Posts the viewer may see within a topic they can already see. */
export function visiblePostsInTopic(viewer: Viewer | null): Prisma.PostWhereInput {
  return {
    deletedAt: null,
    ...(seesInternal(viewer) ? {} : { internal: false }),
    ...(seesHidden(viewer) ? {} : { hidden: false }),
  };
}

export function visiblePosts(viewer: Viewer | null): Prisma.PostWhereInput {
  return { ...visiblePostsInTopic(viewer), topic: visibleTopics(viewer) };
}

/**
 * Notifications the viewer may list, by their rights now (not when it was written): none about
 * an internal note or hidden content they cannot read, not even its existence. An employee made
 * a customer stops seeing those about internal notes; a token without `read:internal` never
 * sees them. One about a post deleted since stays (its `post` reads null).
 */
export function visibleNotifications(viewer: Viewer | null): Prisma.NotificationWhereInput {
  const post: Prisma.PostWhereInput = {
    ...(seesInternal(viewer) ? {} : { internal: false }),
    ...(seesHidden(viewer) ? {} : { hidden: false }),
  };
  const topic = visibleTopics(viewer);
  return {
    AND: [
      ...(Object.keys(post).length > 0 ? [{ OR: [{ postId: null }, { post }] }] : []),
      ...(Object.keys(topic).length > 0 ? [{ OR: [{ topicId: null }, { topic }] }] : []),
    ],
  };
}

/** Replies that count as public: what customers, anonymous readers and third parties see. */
export const publicPosts: Prisma.PostWhereInput = { deletedAt: null, internal: false, hidden: false };
