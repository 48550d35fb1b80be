import { graphql } from './graphql.ts';

/** Who is reading and their unread count: every page's header asks this once per request. */
export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      email
      kind
      role
      person { id handle displayName title avatarUrl department { name } }
    }
    unreadNotificationCount
  }
`);
