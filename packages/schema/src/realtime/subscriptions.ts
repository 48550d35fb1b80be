import type { Post as PostRow, Topic as TopicRow, User } from '@parley/prisma/client';
import { builder } from '../builder.ts';
import type { Context, Viewer } from '../context.ts';
import { db } from '../db.ts';
import { writeErrors } from '../errors.ts';
import { findVisibleTopic, signedIn } from '../lookup.ts';
import { countUnread, Notification } from '../notification.ts';
import { Person } from '../person.ts';
import { Post } from '../post.ts';
import { Topic } from '../topic.ts';
import {
  seesHidden,
  seesInternal,
  visibleNotifications,
  visiblePostsInTopic,
  visibleTopics,
} from '../visibility.ts';
import { type LiveCategoryEvent, type LiveTopicEvent, publicCursor, seqOfPublicCursor } from './events.ts';
import { liveState, stoppable } from './iterate.ts';
import { sharing } from './sharing.ts';

/** What a `topicActivity` subscriber receives; `cursor` resumes after it (`after: cursor`). */
type Activity =
  | { __typename: 'PostAdded' | 'PostEdited'; cursor: number; post: PostRow; changes: string[] }
  | { __typename: 'PostRemoved'; cursor: number; postId: number }
  | { __typename: 'TopicChanged'; cursor: number; topic: TopicRow; changes: string[] }
  | { __typename: 'TypingChanged'; person: User; typing: boolean };

const cursorField = { description: 'Resubscribe with `after: cursor` to receive what follows this event.' };

const PostAdded = builder
  .objectRef<Extract<Activity, { __typename: 'PostAdded' | 'PostEdited' }>>('PostAdded')
  .implement({
    description: 'A reply (or, for employees, an internal note) appeared.',
    fields: (t) => ({
      cursor: t.exposeInt('cursor', cursorField),
      post: t.field({ type: Post, resolve: (event) => event.post }),
    }),
  });
const PostEdited = builder
  .objectRef<Extract<Activity, { __typename: 'PostAdded' | 'PostEdited' }>>('PostEdited')
  .implement({
    description: 'A post’s body or reactions changed.',
    fields: (t) => ({
      cursor: t.exposeInt('cursor', cursorField),
      post: t.field({ type: Post, resolve: (event) => event.post }),
      changes: t.exposeStringList('changes'),
    }),
  });
const PostRemoved = builder
  .objectRef<Extract<Activity, { __typename: 'PostRemoved' }>>('PostRemoved')
  .implement({
    description: 'A post was deleted or hidden: drop it from the thread.',
    fields: (t) => ({
      cursor: t.exposeInt('cursor', cursorField),
      postId: t.id({ resolve: (event) => Buffer.from(`Post:${event.postId}`).toString('base64') }),
    }),
  });
const TopicChanged = builder
  .objectRef<Extract<Activity, { __typename: 'TopicChanged' }>>('TopicChanged')
  .implement({
    description: 'The topic changed: status, accepted answer, pinned, locked, title, votes, category.',
    fields: (t) => ({
      cursor: t.exposeInt('cursor', cursorField),
      topic: t.field({ type: Topic, resolve: (event) => event.topic }),
      changes: t.exposeStringList('changes', { description: 'The fields that changed, e.g. `status`.' }),
    }),
  });
const TypingChanged = builder
  .objectRef<Extract<Activity, { __typename: 'TypingChanged' }>>('TypingChanged')
  .implement({
    description:
      'Someone started or stopped typing. Not replayed on reconnect. A typist who sends no refresh for 8 seconds (or vanishes) is reported as stopped.',
    fields: (t) => ({
      person: t.field({ type: Person, resolve: (event) => event.person }),
      typing: t.exposeBoolean('typing'),
    }),
  });

const TopicActivity = builder.unionType('TopicActivity', {
  types: [PostAdded, PostEdited, PostRemoved, TopicChanged, TypingChanged],
  resolveType: (event) => event.__typename,
});

/**
 * Subscribers who see the same things share one load per event: visibility depends only on
 * whether the viewer is an employee and whether they moderate, so a topic watched by 5,000
 * customers costs one query per event, not 5,000 (the resolution half of multiplexing; each
 * socket still serialises its own selection).
 */
const SHARED_FOR_MS = 10_000;

/** One load per key for SHARED_FOR_MS, however many subscribers' executions ask for it. */
function sharedLoad<T>(loads: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let loading = loads.get(key);
  if (!loading) {
    loading = load();
    loads.set(key, loading);
    setTimeout(() => loads.delete(key), SHARED_FOR_MS).unref();
  }
  return loading;
}

const activities = new Map<string, Promise<Activity | null>>();

function deliver(viewer: Viewer | null, topicId: number, event: LiveTopicEvent): Promise<Activity | null> {
  const scope = `${seesInternal(viewer) ? 'e' : 'c'}${seesHidden(viewer) ? 'm' : ''}`;
  const which = event.seq ?? `typing:${event.actorId}:${event.typing}:${event.internal}`;
  return sharedLoad(activities, `${topicId}:${which}:${scope}`, () => loadActivity(viewer, topicId, event));
}

/** Loads an event's rows as this viewer may see them now; null when they may not. */
async function loadActivity(
  viewer: Viewer | null,
  topicId: number,
  event: LiveTopicEvent,
): Promise<Activity | null> {
  if (event.internal && !seesInternal(viewer)) return null;
  const cursor = event.seq ?? 0;
  switch (event.kind) {
    case 'POST_ADDED':
    case 'POST_EDITED': {
      const post = await db.post.findFirst({
        where: {
          id: event.postId ?? -1,
          topicId,
          ...visiblePostsInTopic(viewer),
          topic: visibleTopics(viewer),
        },
      });
      if (!post) return null;
      return {
        __typename: event.kind === 'POST_ADDED' ? 'PostAdded' : 'PostEdited',
        cursor,
        post,
        changes: event.changes,
      };
    }
    case 'POST_REMOVED':
      if (!(await couldSeeRemoved(viewer, topicId, event))) return null;
      return { __typename: 'PostRemoved', cursor, postId: event.postId ?? 0 };
    case 'TOPIC_CHANGED': {
      const topic = await db.topic.findFirst({ where: { id: topicId, ...visibleTopics(viewer) } });
      return topic ? { __typename: 'TopicChanged', cursor, topic, changes: event.changes } : null;
    }
    case 'TYPING': {
      const person = await db.user.findUnique({ where: { id: event.actorId ?? -1 } });
      return person ? { __typename: 'TypingChanged', person, typing: event.typing ?? false } : null;
    }
  }
}

/**
 * Whether the viewer could see the post a `POST_REMOVED` took away, just before it did: a
 * customer is told when a reply they saw is hidden or deleted, never the id of one they could
 * not see (a hidden reply deleted later; internal notes are the event's `internal` flag).
 */
async function couldSeeRemoved(
  viewer: Viewer | null,
  topicId: number,
  event: LiveTopicEvent,
): Promise<boolean> {
  if (seesHidden(viewer)) return true;
  const postId = event.postId ?? -1;
  const topic = await db.topic.findFirst({
    where: { id: topicId, ...visibleTopics(viewer) },
    select: { id: true },
  });
  if (!topic) return false;
  // The post's last appearance or removal before this one: shown (written, or shown again) or already gone.
  const before = await db.topicEvent.findFirst({
    where: { topicId, postId, seq: { lt: event.seq ?? 0 }, kind: { in: ['POST_ADDED', 'POST_REMOVED'] } },
    orderBy: { seq: 'desc' },
    select: { kind: true },
  });
  if (before) return before.kind === 'POST_ADDED';
  // A post older than the stored events: this removal hid a visible reply or deleted one, unless
  // the reply was hidden already and this is its deletion (no removal of it follows).
  const post = await db.post.findUnique({ where: { id: postId }, select: { hidden: true, deletedAt: true } });
  if (!post) return false;
  if (!post.hidden || post.deletedAt === null) return true;
  const later = await db.topicEvent.count({
    where: { topicId, postId, kind: 'POST_REMOVED', seq: { gt: event.seq ?? 0 } },
  });
  return later > 0;
}

/** Stored events after `after`, in order, as they travel live. */
async function storedAfter(topicId: number, after: number, upTo?: number): Promise<LiveTopicEvent[]> {
  const rows = await db.topicEvent.findMany({
    where: { topicId, seq: { gt: after, ...(upTo === undefined ? {} : { lt: upTo }) } },
    orderBy: { seq: 'asc' },
    take: 1_000,
  });
  return rows.map(({ topicId: _, createdAt: __, ...event }) => event);
}

/**
 * Replays what the subscriber missed, then goes live, with neither duplicates nor gaps: live
 * events at or below the last delivered cursor are dropped, and a live event that jumps ahead
 * (another instance's commit overtook it) first fetches the events in between from the store.
 */
/** A typist who sends no refresh for this long has stopped (or vanished): watchers are told. */
export const TYPING_EXPIRES_MS = 8_000;

function topicActivity(context: Context, topicId: number, after: number | null): AsyncGenerator<Activity> {
  const live = context.services.pubsub.subscribe('topic', topicId)[Symbol.asyncIterator]();
  // Listening starts with the first next(): before reading the store, so nothing falls between.
  let pending = live.next();
  const typists = new Map<number, ReturnType<typeof setTimeout>>();
  const expired: Activity[] = [];
  const publicOnly = !seesInternal(context.viewer);
  let shown = 0;
  let wake: () => void = () => {};
  const stop = async () => {
    for (const timer of typists.values()) clearTimeout(timer);
    typists.clear();
    await live.return?.();
  };
  return stoppable(replayThenLive(), stop);

  function track(activity: Activity): void {
    if (activity.__typename !== 'TypingChanged') return;
    const id = activity.person.id;
    clearTimeout(typists.get(id));
    typists.delete(id);
    if (!activity.typing) return;
    const timer = setTimeout(() => {
      typists.delete(id);
      expired.push({ __typename: 'TypingChanged', person: activity.person, typing: false });
      wake();
    }, TYPING_EXPIRES_MS);
    timer.unref();
    typists.set(id, timer);
  }

  /**
   * The event as this subscriber receives it. A viewer who cannot see internal notes counts
   * cursors in the public sequence, which only events that are not internal move (`shown`):
   * every numbered event passes here once, in order, so counting them keeps it exact.
   */
  async function numbered(event: LiveTopicEvent): Promise<Activity | null> {
    if (publicOnly && event.seq !== null && !event.internal) shown++;
    const out = await deliver(context.viewer, topicId, event);
    return out && publicOnly && 'cursor' in out ? { ...out, cursor: shown } : out;
  }

  async function* replayThenLive(): AsyncGenerator<Activity> {
    // `last` is where the subscriber stands in the topic's one sequence, whatever it is shown.
    let last: number;
    if (!publicOnly) last = after ?? (await db.topic.findUniqueOrThrow({ where: { id: topicId } })).eventSeq;
    else {
      const resumed = after === null ? null : await seqOfPublicCursor(topicId, after);
      if (after !== null && resumed !== null) {
        last = resumed;
        shown = after;
      } else {
        // From now on (also for a cursor past the public events: not one this viewer was given).
        last = (await db.topic.findUniqueOrThrow({ where: { id: topicId } })).eventSeq;
        shown = await publicCursor(topicId, last);
      }
    }
    for (const event of after === null ? [] : await storedAfter(topicId, last)) {
      last = event.seq ?? last;
      const out = await numbered(event);
      if (out) yield out;
    }
    while (true) {
      const next = await Promise.race([
        pending,
        new Promise<'wake'>((resolve) => (wake = () => resolve('wake'))),
      ]);
      yield* expired.splice(0);
      if (next === 'wake') continue;
      if (next.done) return;
      pending = live.next();
      const event = next.value;
      if (event.seq !== null) {
        if (event.seq <= last) continue;
        for (const missed of event.seq > last + 1 ? await storedAfter(topicId, last, event.seq) : []) {
          const out = await numbered(missed);
          if (out) yield out;
        }
        last = event.seq;
      }
      const out = await numbered(event);
      if (out) {
        track(out);
        yield out;
      }
    }
  }
}

builder.subscriptionType({});

builder.subscriptionField('topicActivity', (t) =>
  t.field({
    type: TopicActivity,
    description:
      'Everything that happens on a topic, as it happens, filtered by what the subscriber may see. After a dropped connection, pass the last `cursor` as `after` to receive what was missed first.',
    extensions: sharing('events', { resumesFrom: 'after' }),
    args: {
      topicId: t.arg.globalID({ required: true, for: [Topic] }),
      after: t.arg.int({ description: 'The cursor of the last event received.' }),
    },
    subscribe: async (_root, args, context) => {
      const topic = await findVisibleTopic(context.viewer, args.topicId.id);
      return topicActivity(context, topic.id, args.after ?? null);
    },
    resolve: (event: Activity) => event,
  }),
);

type CategoryActivity =
  | { __typename: 'TopicCreated'; topic: TopicRow }
  | { __typename: 'TopicChanged'; cursor: number; topic: TopicRow; changes: string[] };

const TopicCreated = builder
  .objectRef<Extract<CategoryActivity, { __typename: 'TopicCreated' }>>('TopicCreated')
  .implement({
    description: 'A new topic was started.',
    fields: (t) => ({ topic: t.field({ type: Topic, resolve: (event) => event.topic }) }),
  });

const CategoryActivityUnion = builder.unionType('CategoryActivity', {
  types: [TopicCreated, TopicChanged],
  resolveType: (event) => event.__typename,
});

/** Public cursors counted once per topic change, however many subscribers' executions ask. */
const publicCursors = new Map<string, Promise<number>>();

const sharedPublicCursor = (topic: TopicRow): Promise<number> =>
  sharedLoad(publicCursors, `${topic.id}:${topic.eventSeq}`, () => publicCursor(topic.id, topic.eventSeq));

function categoryActivity(context: Context, categoryId: number | 'all'): AsyncGenerator<CategoryActivity> {
  const live = context.services.pubsub.subscribe('category', categoryId)[Symbol.asyncIterator]();
  return stoppable(topics(), async () => {
    await live.return?.();
  });

  async function* topics(): AsyncGenerator<CategoryActivity> {
    while (true) {
      const next = await live.next();
      if (next.done) return;
      const event: LiveCategoryEvent = next.value;
      const topic = await db.topic.findFirst({
        where: { id: event.topicId, ...visibleTopics(context.viewer) },
      });
      if (!topic) continue;
      yield event.kind === 'TOPIC_CREATED'
        ? { __typename: 'TopicCreated', topic }
        : {
            __typename: 'TopicChanged',
            cursor: seesInternal(context.viewer) ? topic.eventSeq : await sharedPublicCursor(topic),
            topic,
            changes: event.changes,
          };
    }
  }
}

builder.subscriptionField('categoryActivity', (t) =>
  t.field({
    type: CategoryActivityUnion,
    description:
      'New and changed topics in one category, or everywhere without `category`: lists, the home page and the employees’ inbox stay live. `changes` includes `employeeAnswered` when an employee replied.',
    args: { category: t.arg.string({ description: 'A category slug; all categories when omitted.' }) },
    subscribe: async (_root, args, context) => {
      if (!args.category) return categoryActivity(context, 'all');
      const category = await db.category.findUnique({ where: { slug: args.category } });
      if (!category) throw new Error(`No category "${args.category}".`);
      return categoryActivity(context, category.id);
    },
    resolve: (event: CategoryActivity) => event,
  }),
);

interface NotificationAdded {
  notification: NonNullable<Awaited<ReturnType<typeof db.notification.findFirst>>>;
  unreadCount: number;
}

const NotificationAddedRef = builder.objectRef<NotificationAdded>('NotificationAdded').implement({
  fields: (t) => ({
    notification: t.field({ type: Notification, resolve: (event) => event.notification }),
    unreadCount: t.exposeInt('unreadCount'),
  }),
});

function notificationsOf(context: Context, userId: number): AsyncGenerator<NotificationAdded> {
  const live = context.services.pubsub.subscribe('user', userId)[Symbol.asyncIterator]();
  return stoppable(added(), async () => {
    await live.return?.();
  });

  async function* added(): AsyncGenerator<NotificationAdded> {
    while (true) {
      const next = await live.next();
      if (next.done) return;
      const event = next.value;
      if (event.kind !== 'NOTIFICATION') continue;
      // Only the owner's own rows: a user channel never carries anyone else's notification.
      const notification = await db.notification.findFirst({
        where: { id: event.notificationId, userId, ...visibleNotifications(context.viewer) },
      });
      if (!notification) continue;
      yield { notification, unreadCount: await countUnread(signedIn(context.viewer)) };
    }
  }
}

/** The viewer's unread count: as it is first, then each time it changes. */
function unreadCountOf(context: Context, viewer: Viewer): AsyncGenerator<number> {
  return liveState(context.services.pubsub.subscribe('user', viewer.id), () => countUnread(viewer), {
    same: (a, b) => a === b,
  });
}

builder.subscriptionField('unreadNotificationCount', (t) =>
  t.int({
    description:
      'How many of the viewer’s notifications are unread: sent as it is first, then whenever it changes (a new notification, or notifications marked read in any tab or device).',
    extensions: sharing('state'),
    authScopes: { signedIn: true },
    subscribe: (_root, _args, context) => unreadCountOf(context, signedIn(context.viewer)),
    resolve: (count: number) => count,
  }),
);

builder.subscriptionField('notificationAdded', (t) =>
  t.field({
    type: NotificationAddedRef,
    description:
      'The viewer’s own new notifications, with the unread count. A reply gathered into an unread notification sends that notification again, with its new count.',
    authScopes: { signedIn: true },
    subscribe: (_root, _args, context) => notificationsOf(context, signedIn(context.viewer).id),
    resolve: (event: NotificationAdded) => event,
  }),
);

builder.mutationField('setTyping', (t) =>
  t.boolean({
    description: 'Tell a topic’s viewers you are typing (send again every few seconds) or stopped.',
    authScopes: { signedIn: true },
    errors: { types: [...writeErrors] },
    args: {
      topicId: t.arg.globalID({ required: true, for: [Topic] }),
      typing: t.arg.boolean({ required: true }),
      internal: t.arg.boolean({
        description:
          'Typing an internal note: only employees are told. Send the same value with `typing: false`.',
      }),
    },
    resolve: async (_root, args, context) => {
      const viewer = signedIn(context.viewer);
      const topic = await findVisibleTopic(viewer, args.topicId.id);
      if (topic.locked) return false;
      context.services.pubsub.publish('topic', topic.id, {
        seq: null,
        kind: 'TYPING',
        postId: null,
        actorId: viewer.id,
        // Customers must not learn that an employee is writing a note they will never see.
        internal: topic.hidden || (args.internal ?? false),
        changes: [],
        typing: args.typing,
      });
      return true;
    },
  }),
);
