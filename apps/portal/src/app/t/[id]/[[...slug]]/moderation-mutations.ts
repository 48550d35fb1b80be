import { TopicState } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

// Loaded when a moderator, an employee or the topic's author uses one of these, never with the page.

export const AcceptAnswer = graphql(`
  mutation AcceptAnswer($postId: ID!) {
    acceptAnswer(postId: $postId) { __typename ... on Error { message } }
  }
`);

export const UnacceptAnswer = graphql(`
  mutation UnacceptAnswer($topicId: ID!) {
    unacceptAnswer(topicId: $topicId) { __typename ... on Error { message } }
  }
`);

export const Moderate = graphql(
  `
  mutation Moderate($topicId: ID!, $pin: Boolean, $lock: Boolean, $close: Boolean, $hide: Boolean,
      $doPin: Boolean!, $doLock: Boolean!, $doClose: Boolean!, $doHide: Boolean!) {
    pinTopic(topicId: $topicId, on: $pin) @include(if: $doPin) {
      __typename ... on MutationPinTopicSuccess { data { ...TopicState } } ... on Error { message }
    }
    lockTopic(topicId: $topicId, on: $lock) @include(if: $doLock) {
      __typename ... on MutationLockTopicSuccess { data { ...TopicState } } ... on Error { message }
    }
    closeTopic(topicId: $topicId, on: $close) @include(if: $doClose) {
      __typename ... on MutationCloseTopicSuccess { data { ...TopicState } } ... on Error { message }
    }
    hideTopic(topicId: $topicId, on: $hide) @include(if: $doHide) {
      __typename ... on MutationHideTopicSuccess { data { ...TopicState } } ... on Error { message }
    }
  }
`,
  [TopicState],
);

export const HidePost = graphql(`
  mutation HidePost($postId: ID!, $on: Boolean!) {
    hidePost(postId: $postId, on: $on) { __typename ... on Error { message } }
  }
`);
