import { type DocumentNode, type GraphQLSchema, getOperationAST, Kind } from 'graphql';

/**
 * Whether subscribers with the same rights and arguments may share one execution of a
 * subscription (the socket server's groups, `apps/server/src/subscription-groups.ts`), and
 * what one joining a running execution is sent first:
 *
 * - `events`: shared; a joiner receives what happens from the moment it joins
 *   (`categoryActivity`, `notificationAdded`, `topicActivity` without a cursor).
 * - `history`: shared, and a joiner is first sent everything the execution has sent: every
 *   member asked to resume from the same cursor, so each must see the same sequence
 *   (`topicActivity` with `after`).
 * - `state`: shared, and a joiner is first sent the latest result, since each result is the
 *   whole state (`listeningChanged`, `unreadNotificationCount`).
 * - `own`: never shared, because subscribing does something for that subscriber alone
 *   (`topicPresence` counts every reader).
 */
export type Sharing = 'events' | 'history' | 'state' | 'own';

const KIND = 'parleySharing';
const RESUME = 'parleyResumesFrom';

/**
 * Field extensions that declare a subscription's sharing. `resumesFrom` names the argument
 * that, when given, makes the subscription replay from a point: its sharing is then `history`.
 */
export const sharing = (how: Exclude<Sharing, 'history'>, options: { resumesFrom?: string } = {}) => ({
  [KIND]: how,
  ...(options.resumesFrom ? { [RESUME]: options.resumesFrom } : {}),
});

/**
 * The sharing of the subscription a document runs, from its root field's declaration and its
 * arguments. A root the server cannot name (a fragment spread) is not shared: that is always
 * correct, only dearer.
 */
export function sharingOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): Sharing {
  const operation = getOperationAST(document, operationName);
  const [root] = operation?.selectionSet.selections ?? [];
  if (root?.kind !== Kind.FIELD) return 'own';
  const extensions = schema.getSubscriptionType()?.getFields()[root.name.value]?.extensions ?? {};
  const declared = extensions[KIND];
  if (declared === 'state' || declared === 'own') return declared;
  const resume = root.arguments?.find((argument) => argument.name.value === extensions[RESUME])?.value;
  const given =
    resume === undefined
      ? false
      : resume.kind === Kind.VARIABLE
        ? (variables?.[resume.name.value] ?? null) !== null
        : resume.kind !== Kind.NULL;
  return given ? 'history' : 'events';
}
