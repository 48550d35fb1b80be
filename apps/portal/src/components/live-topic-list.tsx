'use client';

import type { VariablesOf } from 'gql.tada';
import { useEffect, useRef, useState } from 'react';
import { useClient, useSubscription } from '../lib/browser-client.ts';
import { TopicRowFields } from '../lib/fragments.ts';
import { graphql } from '../lib/graphql.ts';
import { useLive } from './live-provider.tsx';
import { TopicRow, type TopicRowData } from './topic-row.tsx';

const CategoryActivity = graphql(
  `
  subscription CategoryActivity($category: String) {
    categoryActivity(category: $category) {
      __typename
      ... on TopicCreated { topic { ...TopicRowFields } }
      ... on TopicChanged { changes topic { ...TopicRowFields } }
    }
  }
`,
  [TopicRowFields],
);

const TopicsAgain = graphql(
  `
  query LiveTopicsAgain($first: Int!, $after: String, $orderBy: TopicOrder!, $filter: TopicFilter) {
    topics(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
      edges { node { ...TopicRowFields } }
    }
  }
`,
  [TopicRowFields],
);

/** The query the page's list came from, to read it again after a reconnect. */
export type TopicListSource = VariablesOf<typeof TopicsAgain>;

/**
 * A topic list that stays live: new topics slide in at the top (`feed`), or, for the employees'
 * inbox, answered topics leave and new waiting ones join at the end (`inbox`, oldest first).
 */
export function LiveTopicList({
  initial,
  source,
  category,
  mode = 'feed',
  insertNew = true,
  emptyText,
  label,
}: {
  initial: TopicRowData[];
  /**
   * Where `initial` came from. Events sent while the socket was away are not replayed, so after
   * a reconnect the list is read again: the inbox takes it as it is, a feed adds the topics it
   * missed (when it takes new ones) and refreshes the rows it shows.
   */
  source: TopicListSource;
  category?: string | undefined;
  mode?: 'feed' | 'inbox';
  /** Whether new topics join this list (not for a filtered or re-sorted list). */
  insertNew?: boolean;
  emptyText: string;
  label: string;
}) {
  const [topics, setTopics] = useState(initial);
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
  const shownRef = useRef(topics);
  shownRef.current = topics;
  const { connections } = useLive();
  const client = useClient();
  const sourceKey = JSON.stringify(source);
  useEffect(() => {
    // Nothing replays what happened while the socket was away, nor between the page's render and
    // its first connection. The inbox, which employees keep open for hours, reads its list again
    // on every connection; a feed on every reconnect (so a page view costs no second read).
    if (connections < (mode === 'inbox' ? 1 : 2)) return;
    let current = true;
    void client
      .query(TopicsAgain, JSON.parse(sourceKey) as TopicListSource)
      .toPromise()
      .then((result) => {
        const read = result.data?.topics.edges.map((edge) => edge.node);
        if (!current || !read) return;
        if (mode === 'inbox') {
          setTopics(read);
          return;
        }
        const shown = shownRef.current;
        const byId = new Map(read.map((topic) => [topic.id, topic]));
        const refreshed = shown.map((topic) => byId.get(topic.id) ?? topic);
        const known = new Set(shown.map((topic) => topic.id));
        const missed = insertNew ? read.filter((topic) => !known.has(topic.id)) : [];
        setTopics([...missed, ...refreshed]);
        if (missed.length > 0) setFresh((marked) => new Set([...marked, ...missed.map((topic) => topic.id)]));
      });
    return () => {
      current = false;
    };
  }, [connections, client, sourceKey, mode, insertNew]);
  useSubscription(
    { query: CategoryActivity, variables: { category: category ?? null } },
    (_previous, data) => {
      const event = data.categoryActivity;
      const topic = event.topic;
      if (mode === 'inbox') {
        setTopics((current) => {
          const without = current.filter((each) => each.id !== topic.id);
          return topic.awaitingEmployee
            ? without.length === current.length
              ? [...current, topic]
              : current
            : without;
        });
      } else if (event.__typename === 'TopicCreated') {
        if (insertNew) {
          setTopics((current) => [topic, ...current.filter((each) => each.id !== topic.id)]);
          setFresh((current) => new Set(current).add(topic.id));
        }
      } else {
        setTopics((current) => current.map((each) => (each.id === topic.id ? topic : each)));
      }
      return data;
    },
  );

  if (topics.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <ol className="topic-list" aria-label={label} aria-live="polite" aria-relevant="additions">
      {topics.map((topic) => (
        <TopicRow key={topic.id} topic={topic} fresh={fresh.has(topic.id)} />
      ))}
    </ol>
  );
}
