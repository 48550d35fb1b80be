import { PostFields, TopicState, TopicVoice } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

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
