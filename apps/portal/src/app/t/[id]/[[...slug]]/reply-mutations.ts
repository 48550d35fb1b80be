import { PostFields } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

// The reply editor's own operations: they load with it, for signed-in readers only.

export const CreatePost = graphql(
  `
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) {
      __typename
      ... on MutationCreatePostSuccess { data { ...PostFields } }
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`,
  [PostFields],
);
