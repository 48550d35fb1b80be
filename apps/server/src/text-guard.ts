import { type DocumentNode, type ExecutionArgs, GraphQLError, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { refuseBeforeExecution } from './refuse-before-execution.ts';

/**
 * PostgreSQL cannot store the NUL character (U+0000) in text, so a request carrying one in any
 * argument, literal or variable, could only fail half-way (a 500 from the database). It is refused
 * before anything runs, naming where the character is; nothing a person types contains it.
 */
export function useTextGuard(): Plugin {
  return refuseBeforeExecution((args) => {
    const where = nulIn(args);
    if (!where) return null;
    return new GraphQLError(`${where} contains the NUL character (U+0000), which text may not hold.`, {
      extensions: { code: 'BAD_USER_INPUT', field: where },
    });
  });
}

/** Where the first NUL is: `$input.title` for a variable, `argument title` for a literal. */
function nulIn(args: ExecutionArgs): string | null {
  return nulInValue(args.variableValues ?? {}, '$') ?? nulInLiterals(args.document);
}

/** yoga parses an operation once and reuses the document: its literals are looked at once. */
const literalsChecked = new WeakMap<DocumentNode, string | null>();

function nulInLiterals(document: DocumentNode): string | null {
  const known = literalsChecked.get(document);
  if (known !== undefined) return known;
  let found: string | null = null;
  visit(document, {
    Argument(node) {
      if (found) return false;
      visit(node.value, {
        StringValue(value) {
          if (value.value.includes('\u0000')) found ??= `argument ${node.name.value}`;
        },
      });
      return false;
    },
  });
  literalsChecked.set(document, found);
  return found;
}

function nulInValue(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulInValue(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulInValue(item, path === '$' ? `$${key}` : `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
