import { randomUUID } from 'node:crypto';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { db } from '../db.ts';
import { findVisibleTopic } from '../lookup.ts';
import { Person } from '../person.ts';
import { Topic } from '../topic.ts';
import { isEmployee } from '../visibility.ts';
import type { LivePresenceEvent } from './events.ts';
import { stoppable } from './iterate.ts';
import { sharing } from './sharing.ts';

/** A watcher repeats itself this often; one silent for three beats has gone (a vanished client). */
export const PRESENCE_BEAT_MS = 10_000;
const EXPIRE_MS = 3 * PRESENCE_BEAT_MS;

interface Watcher {
  userId: number | null;
  employee: boolean;
  seenAt: number;
}

interface Presence {
  employees: number[];
  customers: number;
  anonymous: number;
}

/** Who is on a topic page now: employees by name, everyone else counted. */
const PresenceRef = builder.objectRef<Presence>('TopicPresence').implement({
  fields: (t) => ({
    employees: t.prismaField({
      type: [Person],
      description: 'Employees viewing the topic now.',
      resolve: (query, presence) =>
        db.user.findMany({
          ...query,
          where: { id: { in: presence.employees } },
          orderBy: { displayName: 'asc' },
        }),
    }),
    customers: t.exposeInt('customers', { description: 'Signed-in customers viewing now.' }),
    anonymous: t.exposeInt('anonymous', { description: 'Readers who are not signed in.' }),
  }),
});

function summarise(watchers: Map<string, Watcher>): Presence {
  const employees = new Set<number>();
  const customers = new Set<number>();
  let anonymous = 0;
  for (const watcher of watchers.values()) {
    if (watcher.userId === null) anonymous++;
    else if (watcher.employee) employees.add(watcher.userId);
    else customers.add(watcher.userId);
  }
  return { employees: [...employees].sort((a, b) => a - b), customers: customers.size, anonymous };
}

/**
 * Every instance hears every watcher's JOIN/BEAT/LEAVE on the topic's presence channel and keeps
 * its own table, so presence needs no shared store: a watcher whose instance died simply stops
 * beating and expires.
 */
function presence(context: Context, topicId: number): AsyncGenerator<Presence> {
  const key = randomUUID();
  const viewer = context.viewer;
  const self: LivePresenceEvent = {
    kind: 'JOIN',
    key,
    userId: viewer?.id ?? null,
    employee: isEmployee(viewer),
  };
  const { pubsub } = context.services;
  const watchers = new Map<string, Watcher>();
  const live = pubsub.subscribe('presence', topicId)[Symbol.asyncIterator]();
  const beat = setInterval(
    () => pubsub.publish('presence', topicId, { ...self, kind: 'BEAT' }),
    PRESENCE_BEAT_MS,
  );
  let tick: (() => void) | null = null;
  const expiry = setInterval(() => tick?.(), PRESENCE_BEAT_MS);
  // Listening starts with the first next(): before announcing ourselves, so we hear our JOIN.
  let pending = live.next();
  pubsub.publish('presence', topicId, self);
  let left = false;
  const leave = async () => {
    if (left) return;
    left = true;
    clearInterval(beat);
    clearInterval(expiry);
    pubsub.publish('presence', topicId, { ...self, kind: 'LEAVE' });
    await live.return?.();
  };
  return stoppable(watch(), leave);

  async function* watch(): AsyncGenerator<Presence> {
    let last = '';
    try {
      while (true) {
        const next = await Promise.race([
          pending,
          new Promise<'tick'>((resolve) => (tick = () => resolve('tick'))),
        ]);
        const now = Date.now();
        if (next !== 'tick') {
          if (next.done) return;
          pending = live.next();
          const event = next.value;
          if (event.kind === 'LEAVE') watchers.delete(event.key);
          else {
            // Someone new: say we are here too, so they need not wait for our next beat.
            if (event.kind === 'JOIN' && event.key !== key && !watchers.has(event.key))
              pubsub.publish('presence', topicId, { ...self, kind: 'BEAT' });
            watchers.set(event.key, { userId: event.userId, employee: event.employee, seenAt: now });
          }
        }
        for (const [other, watcher] of watchers) if (now - watcher.seenAt > EXPIRE_MS) watchers.delete(other);
        const current = summarise(watchers);
        const fingerprint = JSON.stringify(current);
        if (fingerprint !== last && watchers.has(key)) {
          last = fingerprint;
          yield current;
        }
      }
    } finally {
      await leave();
    }
  }
}

builder.subscriptionField('topicPresence', (t) =>
  t.field({
    type: PresenceRef,
    description:
      'Who is viewing a topic now, updated as people come and go: employees by name, customers and anonymous readers counted. Subscribing makes you one of them.',
    // Every subscriber is a reader to count, and learns who is there when it arrives.
    extensions: sharing('own'),
    args: { topicId: t.arg.globalID({ required: true, for: [Topic] }) },
    subscribe: async (_root, args, context) => {
      const topic = await findVisibleTopic(context.viewer, args.topicId.id);
      return presence(context, topic.id);
    },
    resolve: (state: Presence) => state,
  }),
);
