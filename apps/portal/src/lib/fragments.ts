import { graphql } from './graphql.ts';

/** A person as every post shows them: employees with their face, title and team. */
export const PersonCard = graphql(`
  fragment PersonCard on Person @_unmask {
    id
    handle
    displayName
    kind
    isEmployee
    title
    avatarUrl
    department { name slug }
  }
`);

export const PostFields = graphql(
  `
  fragment PostFields on Post @_unmask {
    id
    body
    internal
    hidden
    createdAt
    editedAt
    isAcceptedAnswer
    reactions { kind count viewerReacted }
    author { ...PersonCard }
  }
`,
  [PersonCard],
);

/** The parts of a topic that change live (TopicChanged carries them). */
export const TopicState = graphql(`
  fragment TopicState on Topic @_unmask {
    id
    slug
    title
    body
    kind
    status
    ideaStatus
    pinned
    locked
    hidden
    editedAt
    replyCount
    voteCount
    followerCount
    awaitingEmployee
    firstResponseMinutes
    viewerHasVoted
    viewerIsFollowing
    category { slug name }
    acceptedAnswer { id }
  }
`);

/** A topic as lists show it. */
export const TopicRowFields = graphql(`
  fragment TopicRowFields on Topic @_unmask {
    id
    slug
    title
    kind
    status
    pinned
    replyCount
    voteCount
    createdAt
    lastActivityAt
    awaitingEmployee
    awaitingEmployeeSince
    firstResponseMinutes
    author { handle displayName isEmployee }
    category { slug name }
    tags { slug name }
  }
`);
