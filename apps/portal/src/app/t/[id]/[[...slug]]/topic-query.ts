import type { ResultOf } from 'gql.tada';
import { PersonCard, PostFields, TopicState } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

export const TopicPage = graphql(
  `
  query TopicPage($id: ID!) {
    topic(id: $id) {
      ...TopicState
      createdAt
      activityCursor
      canModerate
      internalNoteCount
      author { ...PersonCard }
      tags { slug name }
      posts(first: 100) {
        totalCount
        edges { node { ...PostFields } }
      }
    }
  }
`,
  [TopicState, PersonCard, PostFields],
);

export type TopicData = NonNullable<ResultOf<typeof TopicPage>['topic']>;
export type PostData = TopicData['posts']['edges'][number]['node'];
export type PersonData = PostData['author'];
