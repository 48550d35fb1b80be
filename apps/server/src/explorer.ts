import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL at /graphql (a browser's GET), with a tab per example operation. The page is
 * served whole from this server (no CDN), so it works behind a firewall too. It starts
 * anonymous (a placeholder token would get 401 and break the schema fetch); the first tab says
 * how to add `Authorization: Bearer pat_…`.
 */
export const explorer: GraphiQLOptions = {
  title: 'Parley API explorer',
  subscriptionsProtocol: 'WS',
  defaultTabs: [
    {
      query: `# Welcome to the Parley API. Each tab is an example; the Docs panel has every field.
# Anonymous requests see public content. To use a token, put it in the Headers pane below:
#   { "Authorization": "Bearer pat_…" }
query LatestTopics($after: String) {
  topics(first: 10, after: $after, orderBy: LATEST) {
    edges {
      node { id title kind status awaitingEmployee replyCount createdAt
        author { handle displayName kind } category { slug name } tags { slug } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    },
    {
      query: `# One topic with its replies, oldest first. Pass a topic id from LatestTopics.
query TopicPage($id: ID!) {
  topic(id: $id) {
    title body status firstResponseMinutes
    acceptedAnswer { id body author { displayName } }
    posts(first: 20) {
      totalCount
      edges { node { id body createdAt author { handle displayName kind title } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`,
      variables: JSON.stringify({ id: '1' }, null, 2),
    },
    {
      query: `# The company's face: departments, their employees and response figures.
query Team {
  departments {
    name
    stats { topicsAnswered90d medianFirstResponseMinutes90d }
    employees { handle displayName title stats { answersGiven medianFirstResponseMinutes } }
  }
}`,
    },
    {
      query: `# Needs a token with the WRITE scope (or a signed-in session).
mutation Ask($input: CreateTopicInput!) {
  createTopic(input: $input) {
    __typename
    ... on MutationCreateTopicSuccess { data { id title } }
    ... on ValidationError { problems { field message } }
    ... on Error { message }
  }
}`,
      variables: JSON.stringify(
        {
          input: { category: 'general', title: 'How do I export my data?', body: 'Hello!', kind: 'QUESTION' },
        },
        null,
        2,
      ),
    },
    {
      query: `# Live: every new reply on a topic (press play, then reply in another tab).
subscription Replies($id: ID!) {
  topicActivity(topicId: $id) {
    __typename
    ... on PostAdded { cursor post { body author { displayName } } }
  }
}`,
      variables: JSON.stringify({ id: '1' }, null, 2),
    },
    {
      query: `# Your tokens (sign in first: tokens are managed with a session).
query MyTokens { viewer { apiTokens { id name prefix scopes lastUsedAt active } } }

mutation NewToken {
  createApiToken(input: { name: "My script", scopes: [READ] }) {
    __typename
    ... on MutationCreateApiTokenSuccess { data { secret token { id scopes } } }
    ... on Error { message }
  }
}`,
    },
  ],
};
