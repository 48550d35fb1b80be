import { graphql } from '../support/graphql.ts';

/** The search operations the tests speak, typed from the printed schema. */
export const Search = graphql(`
  query Search($query: String!, $filter: SearchFilter, $first: Int, $after: String) {
    search(query: $query, filter: $filter, first: $first, after: $after) {
      __typename
      ... on QuerySearchSuccess {
        data {
          edges {
            cursor
            node {
              __typename
              ... on TopicHit { score highlights { field snippet } topic { id title status } }
              ... on PostHit { score highlights { field snippet } post { id body internal } topic { id title } }
              ... on PersonHit { score highlights { field snippet } person { id handle displayName } }
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
      ... on ValidationError { problems { field message } }
    }
  }
`);

export const Suggestions = graphql(`
  query Suggestions($prefix: String!) {
    searchSuggestions(prefix: $prefix) {
      __typename
      ... on QuerySearchSuggestionsSuccess { data { text highlighted topic { id } person { handle } } }
      ... on ValidationError { problems { field message } }
    }
  }
`);

export const SimilarTopics = graphql(`
  query SimilarTopics($title: String!) {
    similarTopics(title: $title) {
      __typename
      ... on QuerySimilarTopicsSuccess { data { score topic { id title } } }
      ... on ValidationError { problems { field message } }
    }
  }
`);

export const CreateTopic = graphql(`
  mutation SearchCreateTopic($input: CreateTopicInput!) {
    createTopic(input: $input) {
      __typename
      ... on MutationCreateTopicSuccess { data { id } }
      ... on Error { message }
    }
  }
`);

export const Reply = graphql(`
  mutation SearchReply($input: CreatePostInput!) {
    createPost(input: $input) {
      __typename
      ... on MutationCreatePostSuccess { data { id } }
      ... on Error { message }
    }
  }
`);

export const HideTopic = graphql(`
  mutation SearchHideTopic($topicId: ID!) {
    hideTopic(topicId: $topicId) { __typename ... on Error { message } }
  }
`);

export const HidePost = graphql(`
  mutation SearchHidePost($postId: ID!) {
    hidePost(postId: $postId) { __typename ... on Error { message } }
  }
`);

export const DeletePost = graphql(`
  mutation SearchDeletePost($postId: ID!) {
    deletePost(postId: $postId) { __typename ... on Error { message } }
  }
`);

export const AcceptAnswer = graphql(`
  mutation SearchAccept($postId: ID!) {
    acceptAnswer(postId: $postId) { __typename ... on Error { message } }
  }
`);

export const EditTopic = graphql(`
  mutation SearchEditTopic($input: EditTopicInput!) {
    editTopic(input: $input) { __typename ... on Error { message } }
  }
`);

export const UpdateEmployeeProfile = graphql(`
  mutation SearchUpdateProfile($input: UpdateEmployeeProfileInput!) {
    updateEmployeeProfile(input: $input) { __typename ... on Error { message } }
  }
`);
