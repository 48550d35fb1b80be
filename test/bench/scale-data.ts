import pg from 'pg';

/**
 * Grows the seeded demo community to a realistic size for load benchmarks: generated customers,
 * topics, replies (with some internal notes and hidden replies), tags, votes and follows, all in
 * set-based `INSERT … SELECT generate_series` statements, so 10,000 topics take seconds.
 *
 * Every denormalised counter is then recomputed from the rows themselves (replyCount,
 * internalNoteCount, voteCount, followerCount, lastActivityAt, the first employee response,
 * awaitingEmployeeSince, category and tag topicCount), so the API serves what the schema promises.
 */
export interface ScaleOptions {
  /** Topics in the database afterwards, demo topics included. */
  topics: number;
  /** Extra customers to author, reply and vote. @default 2000 */
  customers?: number;
}

export interface ScaleSummary {
  people: number;
  topics: number;
  hiddenTopics: number;
  posts: number;
  publicReplies: number;
  topicTags: number;
  votes: number;
  follows: number;
  milliseconds: number;
}

/** Call on a database that already holds the demo community (seedDemoCommunity). */
export async function scaleDemoData(databaseUrl: string, options: ScaleOptions): Promise<ScaleSummary> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const existing = await scalar(client, 'SELECT count(*) FROM topics');
    const generated = Math.max(0, options.topics - existing);
    // Generated topics are the ones with an id above this.
    const after = await scalar(client, 'SELECT coalesce(max(id), 0) FROM topics');
    for (const statement of statements(after, generated, options.customers ?? 2000))
      await client.query(statement);
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const count = (sql: string) => scalar(client, sql);
    return {
      people: await count('SELECT count(*) FROM users'),
      topics: await count('SELECT count(*) FROM topics'),
      hiddenTopics: await count('SELECT count(*) FROM topics WHERE hidden'),
      posts: await count('SELECT count(*) FROM posts'),
      publicReplies: await count('SELECT coalesce(sum(reply_count), 0) FROM topics'),
      topicTags: await count('SELECT count(*) FROM topic_tags'),
      votes: await count('SELECT count(*) FROM votes'),
      follows: await count('SELECT count(*) FROM topic_follows'),
      milliseconds: Math.round(performance.now() - started),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function scalar(client: pg.Client, sql: string): Promise<number> {
  const result = await client.query<{ value: string | number }>(`SELECT (${sql}) AS value`);
  return Number(result.rows[0]?.value ?? 0);
}

const people = `
  WITH customers AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE kind = 'CUSTOMER'),
       employees AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE kind = 'EMPLOYEE')`;

/**
 * In order. `after` is the highest topic id before generating: generated topics have larger ids.
 * The numbers are integers from this file, written into the SQL (no parameters to type).
 */
function statements(after: number, topics: number, customers: number): string[] {
  for (const value of [after, topics, customers]) {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a count: ${value}`);
  }
  return [
    // Customers: demo ones share a password hash, so do these.
    `INSERT INTO users (handle, email, display_name, bio, password_hash, kind, role, created_at)
   SELECT 'bench-customer-' || g, 'bench-customer-' || g || '@customers.example',
          'Bench Customer ' || g, '', (SELECT password_hash FROM users ORDER BY id LIMIT 1),
          'CUSTOMER', 'MEMBER', now() - interval '500 days' + g * interval '7 minutes'
   FROM generate_series(1, ${customers}) AS g`,

    // Topics, one every 53 minutes back from two days ago (about a year); 1 in 20 by an employee,
    // 1 in 97 hidden by a moderator. Status, counters and activity are set below from the rows.
    `${people},
       categories AS (SELECT array_agg(id ORDER BY position, id) AS ids FROM categories),
       generated AS (
         SELECT g, now() - interval '2 days' - g * interval '53 minutes' AS at,
                (ARRAY['QUESTION', 'IDEA', 'PROBLEM', 'PRAISE', 'DISCUSSION'])[1 + g % 5]::"TopicKind" AS kind
         FROM generate_series(1, ${topics}) AS g)
   INSERT INTO topics (slug, title, body, kind, status, idea_status, author_id, category_id, hidden,
                       created_at, last_activity_at)
   SELECT 'generated-topic-' || g || '-' || lower(kind::text),
          'Generated ' || lower(kind::text) || ' ' || g || ': ' ||
            (ARRAY['bank feed stopped syncing overnight', 'multi-currency invoices round oddly',
                   'export the VAT return as CSV', 'payroll run shows last month''s rates',
                   'recurring bills skip February', 'dark mode for the reports screen',
                   'receipts from email land twice', 'reconciliation rules ignore the memo'])[1 + g % 8],
          'Generated topic body ' || g || '. ' ||
            repeat('We followed the help article step by step and still see the same result. ', 2 + g % 4),
          kind, 'OPEN',
          CASE WHEN kind = 'IDEA'
               THEN (ARRAY['OPEN', 'UNDER_REVIEW', 'PLANNED', 'IN_PROGRESS', 'SHIPPED'])[1 + g % 5]::"IdeaStatus" END,
          CASE WHEN g % 20 = 0 THEN employees.ids[1 + g % cardinality(employees.ids)]
               ELSE customers.ids[1 + (g * 7919) % cardinality(customers.ids)] END,
          categories.ids[1 + g % cardinality(categories.ids)],
          g % 97 = 0, at, at
   FROM generated, customers, employees, categories`,

    // 0-40 posts per topic (20 on average), 13 minutes apart: every third one by an employee, every
    // ninth an internal note, every 29th (not a note) hidden by a moderator.
    `${people}
   INSERT INTO posts (topic_id, author_id, body, internal, hidden, created_at)
   SELECT t.id,
          CASE WHEN j % 3 = 0 THEN employees.ids[1 + (t.id + j) % cardinality(employees.ids)]
               ELSE customers.ids[1 + (t.id * 31 + j * 17) % cardinality(customers.ids)] END,
          'Reply ' || j || ' in topic ' || t.id || '. ' ||
            repeat('Thanks, those steps worked on our ledger too; the totals now match the bank. ', 1 + (t.id + j) % 4),
          j % 9 = 0, j % 29 = 0 AND j % 9 <> 0, t.created_at + j * interval '13 minutes'
   FROM topics AS t
   CROSS JOIN LATERAL generate_series(1, (t.id * 7) % 41) AS j
   CROSS JOIN customers CROSS JOIN employees
   WHERE t.id > ${after}`,

    // 0-3 tags per topic, from the demo's tags.
    `WITH tags AS (SELECT array_agg(id ORDER BY id) AS ids FROM tags)
   INSERT INTO topic_tags (topic_id, tag_id)
   SELECT t.id, tags.ids[1 + (t.id * 13 + k * 37) % cardinality(tags.ids)]
   FROM topics AS t CROSS JOIN LATERAL generate_series(1, t.id % 4) AS k CROSS JOIN tags
   WHERE t.id > ${after}
   ON CONFLICT DO NOTHING`,

    // Votes from distinct customers: ideas up to 79, other topics up to 5.
    `${people}
   INSERT INTO votes (topic_id, user_id, created_at)
   SELECT t.id, customers.ids[1 + (t.id * 101 + v * 7) % cardinality(customers.ids)],
          t.created_at + v * interval '10 minutes'
   FROM topics AS t
   CROSS JOIN LATERAL generate_series(1, CASE WHEN t.kind = 'IDEA' THEN t.id % 80 ELSE t.id % 6 END) AS v
   CROSS JOIN customers
   WHERE t.id > ${after}
   ON CONFLICT DO NOTHING`,

    // The author and everyone who replied in public follow the topic, as they would live.
    `INSERT INTO topic_follows (topic_id, user_id, created_at)
   SELECT topic_id, user_id, min(at) FROM (
     SELECT id AS topic_id, author_id AS user_id, created_at AS at FROM topics WHERE id > ${after}
     UNION ALL
     SELECT topic_id, author_id, created_at FROM posts
     WHERE topic_id > ${after} AND NOT internal AND NOT hidden AND deleted_at IS NULL
   ) AS following
   GROUP BY topic_id, user_id
   ON CONFLICT DO NOTHING`,

    // Counters from the rows.
    `UPDATE topics AS t
   SET reply_count = s.replies, internal_note_count = s.notes, last_activity_at = greatest(t.created_at, s.last_at)
   FROM (SELECT topic_id,
                count(*) FILTER (WHERE NOT internal AND NOT hidden AND deleted_at IS NULL) AS replies,
                count(*) FILTER (WHERE internal AND deleted_at IS NULL) AS notes,
                max(created_at) AS last_at
         FROM posts WHERE topic_id > ${after} GROUP BY topic_id) AS s
   WHERE t.id = s.topic_id`,
    `UPDATE topics AS t SET vote_count = s.votes
   FROM (SELECT topic_id, count(*) AS votes FROM votes WHERE topic_id > ${after} GROUP BY topic_id) AS s
   WHERE t.id = s.topic_id`,
    `UPDATE topics AS t SET follower_count = s.followers
   FROM (SELECT topic_id, count(*) AS followers FROM topic_follows WHERE topic_id > ${after} GROUP BY topic_id) AS s
   WHERE t.id = s.topic_id`,

    // The first public employee reply; half the questions that got one accepted it as the answer.
    `UPDATE topics AS t
   SET first_employee_response_at = f.created_at, first_employee_responder_id = f.author_id,
       accepted_answer_id = CASE WHEN t.kind = 'QUESTION' AND t.id % 2 = 0 THEN f.id END,
       status = CASE WHEN t.kind = 'QUESTION' AND t.id % 2 = 0 THEN 'ANSWERED'::"TopicStatus" ELSE t.status END
   FROM (SELECT DISTINCT ON (p.topic_id) p.topic_id, p.id, p.created_at, p.author_id
         FROM posts AS p JOIN users AS u ON u.id = p.author_id
         WHERE p.topic_id > ${after} AND u.kind = 'EMPLOYEE' AND NOT p.internal AND NOT p.hidden
           AND p.deleted_at IS NULL
         ORDER BY p.topic_id, p.created_at, p.id) AS f
   WHERE t.id = f.topic_id`,
    `UPDATE topics SET status = 'CLOSED' WHERE id > ${after} AND status = 'OPEN' AND id % 17 = 0`,
    // A customer topic waits for an employee until one replies in public (or it is closed).
    `UPDATE topics AS t
   SET awaiting_employee_since = CASE
     WHEN t.first_employee_response_at IS NULL AND t.status <> 'CLOSED' AND u.kind = 'CUSTOMER' THEN t.created_at END
   FROM users AS u
   WHERE u.id = t.author_id AND t.id > ${after}`,

    // Visible topics per category and per tag, over the whole community.
    `UPDATE categories AS c
   SET topic_count = (SELECT count(*) FROM topics AS t WHERE t.category_id = c.id AND NOT t.hidden)`,
    `UPDATE tags AS g
   SET topic_count = (SELECT count(*) FROM topic_tags AS tt JOIN topics AS t ON t.id = tt.topic_id
                      WHERE tt.tag_id = g.id AND NOT t.hidden)`,
  ];
}
