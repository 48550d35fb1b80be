/**
 * Names for Prisma's SQL so `pg` prepares each statement once per connection: PostgreSQL then
 * skips parsing it again and, after a few runs, planning it again. Prisma writes the same SQL
 * text for every request of the same shape (its plans are cached), so the shapes are few; past
 * `limit` of them a new text runs unnamed, so a client that somehow writes unbounded variety
 * cannot grow every connection's statement cache without end.
 */
export function statementNames(limit = 2_000): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `parley_${names.size}`;
      names.set(sql, name);
    }
    // An empty name is pg's unnamed statement: parsed and planned for this run only.
    return name ?? '';
  };
}
