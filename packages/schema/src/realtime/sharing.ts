import { type DocumentNode, type GraphQLSchema, getOperationAST, Kind } from 'graphql';

/**
 * Whether subscribers with the same rights and arguments may share one execution of a
 * subscription (the socket server's groups, `apps/server/src/subscription-groups.ts`):
 *
 * - `events`: shared; a subscriber receives what happens from the moment it joins
 *   (`topicActivity`, `categoryActivity`, `notificationAdded`). The default.
 * - `state`: shared, and a subscriber joining a running execution first receives its latest
 *   result, since each result is the whole state (`listeningChanged`, `unreadNotificationCount`).
 * - `own`: never shared, because subscribing does something for that subscriber alone
 *   (`topicPresence` counts every reader).
 */
export type Sharing = 'events' | 'state' | 'own';

const EXTENSION = 'parleySharing';

/** Field extensions that declare a subscription's sharing. */
export const sharing = (how: Sharing) => ({ [EXTENSION]: how });

/**
 * The sharing of the subscription a document runs, from its root field's declaration. A root
 * the server cannot name (a fragment spread) is not shared: that is always correct, only dearer.
 */
export function sharingOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
): Sharing {
  const operation = getOperationAST(document, operationName);
  const [root] = operation?.selectionSet.selections ?? [];
  if (root?.kind !== Kind.FIELD) return 'own';
  const declared = schema.getSubscriptionType()?.getFields()[root.name.value]?.extensions[EXTENSION];
  return declared === 'state' || declared === 'own' ? declared : 'events';
}
