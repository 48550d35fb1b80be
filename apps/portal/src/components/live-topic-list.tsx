'use client';

import { useState } from 'react';
import { useSubscription } from '../lib/browser-client.ts';
import { TopicRowFields } from '../lib/fragments.ts';
import { graphql } from '../lib/graphql.ts';
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

/**
 * A topic list that stays live: new topics slide in at the top (`feed`), or, for the employees'
 * inbox, answered topics leave and new waiting ones join at the end (`inbox`, oldest first).
 */
export function LiveTopicList({
  initial,
  category,
  mode = 'feed',
  insertNew = true,
  emptyText,
  label,
}: {
  initial: TopicRowData[];
  category?: string | undefined;
  mode?: 'feed' | 'inbox';
  /** Whether new topics join this list (not for a filtered or re-sorted list). */
  insertNew?: boolean;
  emptyText: string;
  label: string;
}) {
  const [topics, setTopics] = useState(initial);
  const [fresh, setFresh] = useState<Set<string>>(() => new Set());
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
