import { graphql } from '../../lib/graphql.ts';

export const NotificationsQuery = graphql(`
  query Notifications {
    notifications(first: 50) {
      edges {
        node {
          id kind createdAt readAt
          actor { displayName isEmployee }
          topic { id slug title ideaStatus }
        }
      }
    }
  }
`);
