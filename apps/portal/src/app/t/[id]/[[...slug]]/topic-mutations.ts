import { PostFields, TopicState, TopicVoice } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

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

export const ReactToPost = graphql(
  `
  mutation ReactToPost($postId: ID!, $kind: ReactionKind!, $on: Boolean!) {
    react(postId: $postId, kind: $kind, on: $on) {
      __typename
      ... on MutationReactSuccess { data { ...PostFields } }
      ... on Error { message }
    }
  }
`,
  [PostFields],
);

export const Vote = graphql(
  `
  mutation Vote($topicId: ID!) {
    vote(topicId: $topicId) { __typename ... on MutationVoteSuccess { data { ...TopicState } } ... on Error { message } }
  }
`,
  [TopicState],
);

export const Unvote = graphql(
  `
  mutation Unvote($topicId: ID!) {
    unvote(topicId: $topicId) { __typename ... on MutationUnvoteSuccess { data { ...TopicState } } ... on Error { message } }
  }
`,
  [TopicState],
);

export const Follow = graphql(
  `
  mutation Follow($topicId: ID!) {
    followTopic(topicId: $topicId) {
      __typename ... on MutationFollowTopicSuccess { data { ...TopicState } } ... on Error { message }
    }
  }
`,
  [TopicState],
);

export const Unfollow = graphql(
  `
  mutation Unfollow($topicId: ID!) {
    unfollowTopic(topicId: $topicId) {
      __typename ... on MutationUnfollowTopicSuccess { data { ...TopicState } } ... on Error { message }
    }
  }
`,
  [TopicState],
);

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

export const SetTyping = graphql(`
  mutation SetTyping($topicId: ID!, $typing: Boolean!) {
    setTyping(topicId: $topicId, typing: $typing) { __typename }
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

export const TopicActivity = graphql(
  `
  subscription TopicActivity($topicId: ID!, $after: Int) {
    topicActivity(topicId: $topicId, after: $after) {
      __typename
      ... on PostAdded { cursor post { ...PostFields } }
      ... on PostEdited { cursor post { ...PostFields } }
      ... on PostRemoved { cursor postId }
      ... on TopicChanged { cursor changes topic { ...TopicState ...TopicVoice } }
      ... on TypingChanged { typing person { id displayName isEmployee department { name } } }
    }
  }
`,
  [PostFields, TopicState, TopicVoice],
);

export const TopicPresence = graphql(`
  subscription TopicPresence($topicId: ID!) {
    topicPresence(topicId: $topicId) {
      customers
      anonymous
      employees { id handle displayName department { name } }
    }
  }
`);
