import { TopicState, TopicVoice } from '../../../../lib/fragments.ts';
import { graphql } from '../../../../lib/graphql.ts';

// Every mutation about what the company did with a topic answers with the topic, so the page
// takes the new state from the answer (and from `topicActivity` in every other open page).

export const SetIdeaStatus = graphql(
  `
  mutation SetIdeaStatus($input: SetIdeaStatusInput!) {
    setIdeaStatus(input: $input) {
      __typename
      ... on MutationSetIdeaStatusSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const EscalateTopic = graphql(
  `
  mutation EscalateTopic($input: EscalateTopicInput!) {
    escalateTopic(input: $input) {
      __typename
      ... on MutationEscalateTopicSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const UpdateEscalation = graphql(
  `
  mutation UpdateEscalation($input: UpdateEscalationInput!) {
    updateEscalation(input: $input) {
      __typename
      ... on MutationUpdateEscalationSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const ResolveEscalation = graphql(
  `
  mutation ResolveEscalation($input: ResolveEscalationInput!) {
    resolveEscalation(input: $input) {
      __typename
      ... on MutationResolveEscalationSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const MarkProblemFixed = graphql(
  `
  mutation MarkProblemFixed($topicId: ID!) {
    markProblemFixed(topicId: $topicId) {
      __typename
      ... on MutationMarkProblemFixedSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const MergeTopic = graphql(
  `
  mutation MergeTopic($input: MergeTopicInput!) {
    mergeTopic(input: $input) {
      __typename
      ... on MutationMergeTopicSuccess { data { id slug } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
);

export const LinkTopics = graphql(
  `
  mutation LinkTopics($topicId: ID!, $relatedTopicId: ID!, $linked: Boolean!) {
    linkTopics(topicId: $topicId, relatedTopicId: $relatedTopicId, linked: $linked) {
      __typename
      ... on MutationLinkTopicsSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const ConfirmResolution = graphql(
  `
  mutation ConfirmResolution($topicId: ID!, $resolved: Boolean!) {
    confirmResolution(topicId: $topicId, resolved: $resolved) {
      __typename
      ... on MutationConfirmResolutionSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const AnswerCheckIn = graphql(
  `
  mutation AnswerCheckIn($topicId: ID!, $stillHappening: Boolean!) {
    answerCheckIn(topicId: $topicId, stillHappening: $stillHappening) {
      __typename
      ... on MutationAnswerCheckInSuccess { data { ...TopicState ...TopicVoice } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`,
  [TopicState, TopicVoice],
);

export const Employees = graphql(`
  query Employees {
    people(filter: { kind: EMPLOYEE }, first: 100) { edges { node { id displayName title department { name } } } }
  }
`);
