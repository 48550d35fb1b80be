import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { refuseBeforeExecution } from '../refuse-before-execution.ts';

/**
 * What one operation may ask for. Checked before anything runs: over HTTP the request is
 * refused with 400 and an error naming the limit; over graphql-ws the subscribe is refused.
 */
export const QUERY_LIMITS = {
  /** Nested selection sets (fragments flattened; introspection exempt). */
  depth: 12,
  /** Aliased fields in one operation (alias bombs repeat one costly field under many names). */
  aliases: 30,
  /** Directives in one operation. */
  directives: 30,
  /** Lexical tokens in the document (caps parsing work before anything else). */
  tokens: 5_000,
  /** Estimated objects resolved: every field counts once per parent row, lists by their `first`. */
  cost: 25_000,
  /** The most items one page of a connection may hold (`first`/`last`), and a list argument (`nodes(ids:)`). */
  pageSize: 100,
} as const;

/** A connection without `first` returns this many (the schema's default page). */
const DEFAULT_PAGE = 20;
/** A plain list field (tags, reactions, departments) is assumed to hold about this many. */
const ASSUMED_LIST = 10;

/** GraphQL Armor's depth, alias, directive and token limits, plus the cost and page-size budget. */
export function costLimitPlugins(): Plugin[] {
  const common = { exposeLimits: true, propagateOnRejection: false, onReject: [refuse] };
  return [
    maxTokensPlugin({ ...common, n: QUERY_LIMITS.tokens }),
    maxDepthPlugin({ ...common, n: QUERY_LIMITS.depth, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesPlugin({ ...common, n: QUERY_LIMITS.aliases }),
    maxDirectivesPlugin({ ...common, n: QUERY_LIMITS.directives }),
    useCostBudget(),
  ] as Plugin[];
}

/** Armor's refusals, recognised by their wording: "… limit of N exceeded, found M." */
const ARMOR_REFUSAL = /(depth|Aliases|Directives|Token) limit of (\d+) exceeded/i;

/**
 * Armor's refusals with the same code and 400 status as the cost budget's: reported as
 * validation errors, or thrown from the parser (the token limit stops parsing at once).
 */
function refuse(context: ValidationContext | null, error: GraphQLError): void {
  const match = ARMOR_REFUSAL.exec(error.message);
  const limit = match?.[1]?.toLowerCase() === 'token' ? 'tokens' : (match?.[1]?.toLowerCase() ?? 'limit');
  const tagged = limitError(error.message, limit, Number(match?.[2] ?? 0));
  if (!context) throw tagged;
  context.reportError(tagged);
}

/** Refuses, before execution, an operation whose estimated cost or page size is over the limit. */
function useCostBudget(): Plugin {
  const check = (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null | undefined;
    variableValues?: Record<string, unknown> | null | undefined;
  }): GraphQLError | null => {
    try {
      const cost = operationCost(
        args.schema,
        args.document,
        args.operationName ?? null,
        args.variableValues ?? {},
      );
      if (cost > QUERY_LIMITS.cost)
        return limitError(
          `Query cost limit of ${QUERY_LIMITS.cost} exceeded: this operation would resolve about ${cost} objects. Ask for smaller pages or fewer nested lists.`,
          'cost',
          QUERY_LIMITS.cost,
        );
      return null;
    } catch (error) {
      if (error instanceof GraphQLError) return error;
      throw error;
    }
  };
  return refuseBeforeExecution(check);
}

function limitError(message: string, limit: string, max: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit, max, http: { status: 400 } },
  });
}

/**
 * The estimated number of objects an operation resolves: each field costs one per row of its
 * parent; a connection's `edges`/`nodes` multiply by its `first` (or the default page); a list
 * asked for by a list argument (`nodes(ids:)`) by that list's length; other lists by an
 * assumed size. Introspection is free. Throws when a page or a list argument is over
 * QUERY_LIMITS.pageSize.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (
      definition.kind === Kind.OPERATION_DEFINITION &&
      (operationName === null || definition.name?.value === operationName)
    )
      operation ??= definition;
  }
  if (!operation) return 0;
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;

  const defaults = new Map(
    (operation.variableDefinitions ?? []).map((definition) => [
      definition.variable.name.value,
      definition.defaultValue,
    ]),
  );
  /** A number or a list, literal or sent; a variable without a value sent reads its default. */
  const argument = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.LIST) return node.values;
    if (node.kind === Kind.VARIABLE) {
      const name = node.name.value;
      return name in variables ? variables[name] : argument(defaults.get(name) ?? undefined);
    }
    return undefined;
  };
  const tooMany = (message: string, which: string) =>
    new GraphQLError(message, {
      extensions: {
        code: 'QUERY_LIMIT_EXCEEDED',
        limit: 'pageSize',
        argument: which,
        max: QUERY_LIMITS.pageSize,
      },
    });

  const walk = (
    selectionSet: SelectionSetNode,
    type: GraphQLNamedType,
    rows: number,
    page: number | null,
    seen: ReadonlySet<string>,
  ): number => {
    let total = 0;
    const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += walk(selection.selectionSet, on ?? type, rows, page, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const on = schema.getType(fragment.typeCondition.name.value) ?? type;
        total += walk(fragment.selectionSet, on, rows, page, new Set([...seen, name]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const field = fields[name];
      if (!field) continue;
      total += rows;
      // A list argument (`nodes(ids:)`, `markNotificationsRead(ids:)`) holds at most a page:
      // nothing else bounds how many ids a request may send.
      let listed: number | null = null;
      for (const arg of selection.arguments ?? []) {
        const value = argument(arg.value);
        if (!Array.isArray(value)) continue;
        if (value.length > QUERY_LIMITS.pageSize)
          throw tooMany(
            `${arg.name.value} may hold at most ${QUERY_LIMITS.pageSize} items (it has ${value.length}).`,
            arg.name.value,
          );
        listed = Math.max(listed ?? 0, value.length);
      }
      if (!selection.selectionSet) continue;
      let size: number | null = null;
      for (const which of ['first', 'last'] as const) {
        const value = argument(selection.arguments?.find((arg) => arg.name.value === which)?.value);
        if (typeof value === 'number') {
          // The same words as the connection's own check, now before anything runs.
          if (value > QUERY_LIMITS.pageSize || value < 0)
            throw tooMany(`${which} must be between 0 and ${QUERY_LIMITS.pageSize} (it is ${value}).`, which);
          size = Math.max(size ?? 0, value);
        }
      }
      const named = getNamedType(field.type);
      const isConnection = named.name.endsWith('Connection');
      const listRows =
        (name === 'edges' || name === 'nodes') && page !== null
          ? page
          : isListType(getNullableType(field.type))
            ? (size ?? listed ?? ASSUMED_LIST)
            : 1;
      total += walk(
        selection.selectionSet,
        named,
        rows * (isConnection ? 1 : listRows),
        isConnection ? (size ?? DEFAULT_PAGE) : null,
        seen,
      );
    }
    return total;
  };
  return walk(operation.selectionSet, root, 1, null, new Set());
}
