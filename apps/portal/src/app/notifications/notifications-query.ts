import { graphql } from '../../lib/graphql.ts';

export const NotificationsQuery = graphql(`
  query Notifications($after: String) {
    notifications(first: 50, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id kind count createdAt readAt
          actor { displayName isEmployee }
          topic { id slug title ideaStatus }
          post { id }
        }
      }
    }
  }
`);
