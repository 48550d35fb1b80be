import { PostFields, TopicState } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

// Authors' edits and moderators' moves: only the on-demand editors and team tools import these.

export const EditPost = graphql(
  `
  mutation EditPost($postId: ID!, $body: String!) {
    editPost(postId: $postId, body: $body) {
      __typename
      ... on MutationEditPostSuccess { data { ...PostFields } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [PostFields],
);

export const EditTopic = graphql(
  `
  mutation EditTopic($input: EditTopicInput!) {
    editTopic(input: $input) {
      __typename
      ... on MutationEditTopicSuccess { data { ...TopicState } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState],
);

export const Revisions = graphql(`
  query Revisions($id: ID!) {
    node(id: $id) {
      ... on Post {
        id
        revisions { body createdAt editor { displayName } }
      }
      ... on Topic {
        id
        revisions { title body createdAt editor { displayName } }
      }
    }
  }
`);

export const MoveTopic = graphql(
  `
  mutation MoveTopic($topicId: ID!, $category: String!) {
    moveTopic(topicId: $topicId, category: $category) {
      __typename
      ... on MutationMoveTopicSuccess { data { ...TopicState } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState],
);

export const CategoryChoices = graphql(`
  query CategoryChoices { categories { slug name } }
`);
