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

/** What the company did with a topic: idea decisions, escalation, check-in, merges and links. */
export const TopicVoice = graphql(
  `
  fragment TopicVoice on Topic @_unmask {
    ideaStatusChangedAt
    ideaStatusHistory {
      fromStatus toStatus reason changelogUrl createdAt
      changedBy { ...PersonCard }
    }
    escalation {
      status caseReference createdAt updatedAt resolvedAt resolutionSummary confirmed awaitingConfirmation
      owner { ...PersonCard }
    }
    checkIn { dueAt askedAt answeredAt stillHappening awaitingAnswer }
    mergedInto { id slug title }
    mergedFrom { id slug title }
    relatedTopics { id slug title kind }
  }
`,
  [PersonCard],
);

/** How fast the company (or a category, or a team) answers: public, live over `listeningChanged`. */
export const ListeningFields = graphql(`
  fragment ListeningFields on Listening @_unmask {
    medianFirstResponseMinutes30d
    medianFirstResponseMinutes90d
    answeredWithin24hShare
    topicsConsidered30d
    waitingOver48h
  }
`);
