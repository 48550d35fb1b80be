import type { ResultOf } from 'gql.tada';
import { PersonCard, PostFields, TopicState, TopicVoice } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

export const TopicPage = graphql(
  `
  query TopicPage($id: ID!) {
    topic(id: $id) {
      ...TopicState
      ...TopicVoice
      createdAt
      activityCursor
      canModerate
      internalNoteCount
      author { ...PersonCard }
      tags { slug name }
      posts(first: 100) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ...PostFields } }
      }
    }
  }
`,
  [TopicState, TopicVoice, PersonCard, PostFields],
);

/** The next page of a long conversation's replies (100 at a time, the API's largest page). */
export const TopicPostsAfter = graphql(
  `
  query TopicPostsAfter($id: ID!, $after: String!) {
    topic(id: $id) {
      id
      posts(first: 100, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ...PostFields } }
      }
    }
  }
`,
  [PostFields],
);

export type TopicData = NonNullable<ResultOf<typeof TopicPage>['topic']>;
export type PostData = TopicData['posts']['edges'][number]['node'];
export type PersonData = PostData['author'];

/** What the company did with the topic (TopicVoice), as the page keeps it. */
export type VoiceData = Pick<
  TopicData,
  'ideaStatusHistory' | 'escalation' | 'checkIn' | 'mergedInto' | 'mergedFrom' | 'relatedTopics'
>;
/** The topic's state as the voice components read it. */
export type VoiceTopic = VoiceData &
  Pick<TopicData, 'id' | 'kind' | 'status' | 'ideaStatus' | 'canModerate' | 'slug' | 'title' | 'category'>;
/** A change to merge into the page's topic, from a mutation's answer or a live event. */
export type TopicUpdate = Partial<TopicData>;
