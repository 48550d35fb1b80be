import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/**
 * The API benchmark's baseline: what the same two pages cost with no API layer at all. A plain
 * node:http server on a `pg` pool runs hand-written SQL (the rows, joins and visibility rules
 * the GraphQL resolvers apply for an anonymous reader) and builds the very JSON the GraphQL
 * queries in api.ts answer, global ids included, so a test can compare the two byte for byte.
 * Its statements are named, so each connection prepares them once, as the server's are, and
 * like the server it keeps tag slugs in memory (they never change) and reads each topic's tag
 * ids with the topic, so a list is one statement here as it is there.
 *
 *   GET /topics?first=50           ≙ topics(first: 50) { … }
 *   GET /topic/42?posts=20         ≙ topic(id: "42") { … posts(first: 20) { … } }
 */
export interface RawBaseline {
  readonly url: string;
  close(): Promise<void>;
}

export interface RawBaselineOptions {
  /** The pool size; the GraphQL server's Prisma adapter uses pg's default of 10. @default 10 */
  poolSize?: number;
}

interface PersonRow {
  handle: string;
  display_name: string;
  author_kind: string;
}

interface TopicRow extends PersonRow {
  id: number;
  title: string;
  kind: string;
  status: string;
  reply_count: number;
  vote_count: number;
  created_at: Date;
  category_slug: string;
  category_name: string;
  tag_ids: number[];
}

interface TopicPageRow extends TopicRow {
  body: string;
}

interface PostRow extends PersonRow {
  id: number;
  body: string;
  created_at: Date;
}

const topicColumns = `
  t.id, t.title, t.kind, t.status, t.reply_count, t.vote_count, t.created_at,
  u.handle, u.display_name, u.kind AS author_kind, c.slug AS category_slug, c.name AS category_name,
  ARRAY(SELECT tt.tag_id FROM topic_tags AS tt WHERE tt.topic_id = t.id) AS tag_ids`;

const topicListSql = `
  SELECT ${topicColumns}
  FROM topics AS t
  JOIN users AS u ON u.id = t.author_id
  JOIN categories AS c ON c.id = t.category_id
  WHERE NOT t.hidden
  ORDER BY t.created_at DESC, t.id DESC
  LIMIT $1`;

const topicSql = `
  SELECT ${topicColumns}, t.body
  FROM topics AS t
  JOIN users AS u ON u.id = t.author_id
  JOIN categories AS c ON c.id = t.category_id
  WHERE t.id = $1 AND NOT t.hidden`;

const tagSlugsSql = 'SELECT id, slug FROM tags WHERE id = ANY($1::int[])';

// What an anonymous reader may see: not deleted, not an internal note, not hidden.
const postsSql = `
  SELECT p.id, p.body, p.created_at, u.handle, u.display_name, u.kind AS author_kind
  FROM posts AS p JOIN users AS u ON u.id = p.author_id
  WHERE p.topic_id = $1 AND p.deleted_at IS NULL AND NOT p.internal AND NOT p.hidden
  ORDER BY p.created_at, p.id
  LIMIT $2`;

/** Relay global ids, as the Pothos relay plugin writes them. */
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');

const person = (row: PersonRow) => ({
  handle: row.handle,
  displayName: row.display_name,
  kind: row.author_kind,
});

const topicFields = (row: TopicRow, tags: readonly string[]) => ({
  id: globalId('Topic', row.id),
  title: row.title,
  kind: row.kind,
  status: row.status,
  replyCount: row.reply_count,
  voteCount: row.vote_count,
  createdAt: row.created_at.toISOString(),
  author: person(row),
  category: { slug: row.category_slug, name: row.category_name },
  tags: tags.map((slug) => ({ slug })),
});

export async function startRawBaseline(
  databaseUrl: string,
  options: RawBaselineOptions = {},
): Promise<RawBaseline> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  pool.on('error', (error) => console.error(`[baseline] idle connection failed: ${error.message}`));

  /** Tag slugs by id, read once: a tag's slug never changes. */
  const tagSlugs = new Map<number, string>();
  async function tagsOf(rows: readonly TopicRow[]): Promise<Map<number, string[]>> {
    const unknown = [...new Set(rows.flatMap((row) => row.tag_ids))].filter((id) => !tagSlugs.has(id));
    if (unknown.length > 0) {
      const read = await pool.query<{ id: number; slug: string }>({
        name: 'tag_slugs',
        text: tagSlugsSql,
        values: [unknown],
      });
      for (const tag of read.rows) tagSlugs.set(tag.id, tag.slug);
    }
    return new Map(rows.map((row) => [row.id, row.tag_ids.flatMap((id) => tagSlugs.get(id) ?? []).sort()]));
  }

  async function topicList(first: number): Promise<unknown> {
    const { rows } = await pool.query<TopicRow>({ name: 'topic_list', text: topicListSql, values: [first] });
    const tags = await tagsOf(rows);
    return {
      data: { topics: { edges: rows.map((row) => ({ node: topicFields(row, tags.get(row.id) ?? []) })) } },
    };
  }

  async function topicPage(id: number, posts: number): Promise<unknown> {
    const { rows } = await pool.query<TopicPageRow>({ name: 'topic', text: topicSql, values: [id] });
    const row = rows[0];
    if (!row) return { data: { topic: null } };
    // One extra row tells whether there is a next page, as a connection does.
    const [tags, page] = await Promise.all([
      tagsOf([row]),
      pool.query<PostRow>({ name: 'posts', text: postsSql, values: [row.id, posts + 1] }),
    ]);
    return {
      data: {
        topic: {
          ...topicFields(row, tags.get(row.id) ?? []),
          body: row.body,
          posts: {
            pageInfo: { hasNextPage: page.rows.length > posts },
            edges: page.rows.slice(0, posts).map((post) => ({
              node: {
                id: globalId('Post', post.id),
                body: post.body,
                createdAt: post.created_at.toISOString(),
                author: person(post),
              },
            })),
          },
        },
      },
    };
  }

  async function route(request: IncomingMessage): Promise<unknown> {
    const url = new URL(request.url ?? '/', 'http://baseline');
    if (url.pathname === '/topics') return topicList(count(url.searchParams.get('first'), 20));
    const match = /^\/topic\/(\d+)$/.exec(url.pathname);
    if (match) return topicPage(Number(match[1]), count(url.searchParams.get('posts'), 20));
    return undefined;
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    route(request).then(
      (result) => {
        if (result === undefined) {
          response.writeHead(404).end();
          return;
        }
        const body = JSON.stringify(result);
        response.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      },
      (error: unknown) => {
        console.error(`[baseline] ${String(error)}`);
        response.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await pool.end();
    },
  };
}

/** A page size between 0 and 100, like the API's connections allow. */
function count(value: string | null, fallback: number): number {
  const parsed = value === null ? fallback : Number(value);
  return Number.isInteger(parsed) ? Math.min(Math.max(parsed, 0), 100) : fallback;
}
