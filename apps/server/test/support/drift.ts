import type { PrismaClient } from '@parley/prisma/client';
import { getDMMF } from '@prisma/get-dmmf';
import type { SqlExecutor } from '../../src/db/sql.ts';

/**
 * The drift guard: compares the data model the generated Prisma client was built from with
 * the database the hand-written migrations produced, and lists every difference: a missing
 * table or column, a different type or nullability, a missing foreign key, primary key,
 * unique constraint or index.
 */

type Datamodel = Extract<ReturnType<typeof getDMMF>, { datamodel: unknown }>['datamodel'];
type Model = Datamodel['models'][number];
type Field = Model['fields'][number];

/** The schema text embedded in the generated client: exactly what the running code uses. */
export function clientDatamodel(prisma: PrismaClient): Datamodel {
  const engineConfig: unknown = Reflect.get(prisma, '_engineConfig');
  const inlineSchema =
    typeof engineConfig === 'object' && engineConfig !== null
      ? Reflect.get(engineConfig, 'inlineSchema')
      : undefined;
  if (typeof inlineSchema !== 'string')
    throw new Error('The generated Prisma client carries no inline schema.');
  const document = getDMMF({ datamodel: inlineSchema });
  if (!('datamodel' in document))
    throw new Error(`The client's schema does not parse: ${JSON.stringify(document)}`);
  return document.datamodel;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
  udt_name: string;
}
interface IndexRow {
  table_name: string;
  columns: string[];
  descending: boolean[];
  is_unique: boolean;
  is_primary: boolean;
}
interface ForeignKeyRow {
  table_name: string;
  columns: string[];
  referenced_table: string;
  referenced_columns: string[];
  on_delete: string;
}

export async function findDrift(datamodel: Datamodel, sql: SqlExecutor): Promise<string[]> {
  // One after another: the executor may be a single connection, which runs one query at a time.
  const columns = await sql.query<ColumnRow>(
    `SELECT table_name, column_name, is_nullable, data_type, udt_name
         FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const indexes = await sql.query<IndexRow>(
    `SELECT c.relname AS table_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
              array(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                     -- Key columns only: INCLUDE columns (which Prisma cannot describe) follow them.
                     WHERE k.n <= ix.indnkeyatts ORDER BY k.n)::text[] AS columns,
              array(SELECT (o.option & 1) = 1 FROM unnest(ix.indoption::int2[]) WITH ORDINALITY AS o(option, n)
                     ORDER BY o.n)::bool[] AS descending
         FROM pg_index ix
         JOIN pg_class c ON c.oid = ix.indrelid
         JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE ns.nspname = current_schema()`,
  );
  const foreignKeys = await sql.query<ForeignKeyRow>(
    `SELECT c.relname AS table_name, r.relname AS referenced_table, con.confdeltype::text AS on_delete,
              array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
              array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, n)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS referenced_columns
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_class r ON r.oid = con.confrelid
         JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE con.contype = 'f' AND ns.nspname = current_schema()`,
  );

  const problems: string[] = [];
  const tableOf = (modelName: string) => {
    const model = datamodel.models.find((candidate) => candidate.name === modelName);
    return model?.dbName ?? modelName;
  };

  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    const tableColumns = new Map(
      columns.filter((c) => c.table_name === table).map((c) => [c.column_name, c]),
    );
    if (tableColumns.size === 0) {
      problems.push(`${model.name}: table "${table}" is missing`);
      continue;
    }
    const columnOf = (fieldName: string) => {
      const field = model.fields.find((candidate) => candidate.name === fieldName);
      return field?.dbName ?? fieldName;
    };

    for (const field of model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')) {
      const name = field.dbName ?? field.name;
      const column = tableColumns.get(name);
      if (!column) {
        problems.push(`${model.name}.${field.name}: column "${table}"."${name}" is missing`);
        continue;
      }
      const expected = expectedType(field);
      const actual =
        column.data_type === 'ARRAY' ? `${column.udt_name.replace(/^_/, '')}[]` : column.udt_name;
      if (expected !== actual) {
        problems.push(
          `${model.name}.${field.name}: column "${table}"."${name}" is ${actual}, expected ${expected}`,
        );
      }
      // Prisma never marks list columns NOT NULL; every other required field must be.
      if (!field.isList && field.isRequired !== (column.is_nullable === 'NO')) {
        problems.push(
          `${model.name}.${field.name}: column "${table}"."${name}" is ${column.is_nullable === 'NO' ? 'NOT NULL' : 'nullable'}, expected ${field.isRequired ? 'NOT NULL' : 'nullable'}`,
        );
      }
    }

    for (const field of model.fields.filter(
      (f) => f.kind === 'object' && (f.relationFromFields?.length ?? 0) > 0,
    )) {
      const from = (field.relationFromFields ?? []).map(columnOf);
      const referencedTable = tableOf(field.type);
      const referencedModel = datamodel.models.find((candidate) => candidate.name === field.type);
      const to = (field.relationToFields ?? []).map(
        (name) => referencedModel?.fields.find((f) => f.name === name)?.dbName ?? name,
      );
      const key = foreignKeys.find(
        (fk) =>
          fk.table_name === table &&
          sameList(fk.columns, from) &&
          fk.referenced_table === referencedTable &&
          sameList(fk.referenced_columns, to),
      );
      if (!key) {
        problems.push(
          `${model.name}.${field.name}: foreign key (${from.join(', ')}) -> ${referencedTable}(${to.join(', ')}) is missing`,
        );
        continue;
      }
      const onDelete = expectedOnDelete(field);
      if (key.on_delete !== onDelete) {
        problems.push(
          `${model.name}.${field.name}: foreign key deletes with "${key.on_delete}", expected "${onDelete}"`,
        );
      }
    }
  }

  for (const index of datamodel.indexes) {
    const model = datamodel.models.find((candidate) => candidate.name === index.model);
    if (!model) continue;
    const table = model.dbName ?? model.name;
    const fields = index.fields.map((f) => ({
      column: model.fields.find((candidate) => candidate.name === f.name)?.dbName ?? f.name,
      descending: f.sortOrder === 'desc',
    }));
    const found = indexes.some(
      (row) =>
        row.table_name === table &&
        sameList(
          row.columns,
          fields.map((f) => f.column),
        ) &&
        fields.every((f, position) => (row.descending[position] ?? false) === f.descending) &&
        (index.type === 'id' ? row.is_primary : index.type === 'unique' ? row.is_unique : true),
    );
    if (!found) {
      const described = fields.map((f) => `${f.column}${f.descending ? ' DESC' : ''}`).join(', ');
      const kind = index.type === 'id' ? 'primary key' : index.type === 'unique' ? 'unique index' : 'index';
      problems.push(`${model.name}: ${kind} on "${table}"(${described}) is missing`);
    }
  }
  return problems;
}

function expectedType(field: Field): string {
  const base = (() => {
    if (field.kind === 'enum') return field.type;
    const native = field.nativeType?.[0];
    switch (field.type) {
      case 'Int':
        return 'int4';
      case 'BigInt':
        return 'int8';
      case 'Float':
        return 'float8';
      case 'Decimal':
        return 'numeric';
      case 'Boolean':
        return 'bool';
      case 'Json':
        return 'jsonb';
      case 'Bytes':
        return 'bytea';
      case 'DateTime':
        return native === 'Timestamptz' ? 'timestamptz' : native === 'Date' ? 'date' : 'timestamp';
      case 'String':
        return native === 'Uuid'
          ? 'uuid'
          : native === 'VarChar'
            ? 'varchar'
            : native === 'Citext'
              ? 'citext'
              : 'text';
      default:
        return field.type;
    }
  })();
  return field.isList ? `${base}[]` : base;
}

/** Prisma's defaults: optional relations set null, required ones restrict. */
function expectedOnDelete(field: Field): string {
  const action = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
  const codes: Record<string, string> = {
    Cascade: 'c',
    Restrict: 'r',
    NoAction: 'a',
    SetNull: 'n',
    SetDefault: 'd',
  };
  return codes[action] ?? '?';
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
