import type { TopicKind, TopicStatus, UserKind } from '@parley/prisma/enums';
import type { SearchType } from '@parley/schema/search/service';
import type { SqlExecutor } from '../db/sql.ts';

/**
 * One searchable thing, the same for every engine: a topic, a reply (or internal note) or an
 * employee. Built from the database by `loadDocuments`, never from what a write claimed, so
 * indexing the same outbox row twice or out of order still ends in the current state.
 */
export interface SearchDocument {
  /** `topic-12`, `post-34`, `person-5` (Meilisearch ids allow letters, digits, `-` and `_`). */
  id: string;
  type: SearchType;
  entityId: number;
  topicId: number | null;
  /** A topic's title or a person's name; empty for replies. */
  title: string;
  /** A topic's tag names, or an employee's job title and expertise. */
  keywords: string;
  /** A topic's or reply's text; a person's handle, department and bio. */
  body: string;
  /** Tag slugs of the topic (for filters). */
  tags: string[];
  category: string | null;
  status: TopicStatus | null;
  kind: TopicKind | null;
  authorKind: UserKind | null;
  answered: boolean;
  accepted: boolean;
  internal: boolean;
  hidden: boolean;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

export interface DocumentRef {
  type: SearchType;
  id: number;
}

export const documentId = (ref: DocumentRef) => `${ref.type.toLowerCase()}-${ref.id}`;

/** Highlight markers: private-use characters, removed from indexed text so only engines add them. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
const markers = /[\uE000\uE001]/g;
const clean = (text: string) => text.replace(markers, '');

export interface DocumentChanges {
  upserts: SearchDocument[];
  removals: DocumentRef[];
}

interface TopicRow {
  id: number;
  title: string;
  body: string;
  kind: TopicKind;
  status: TopicStatus;
  hidden: boolean;
  created_at: Date;
  answered: boolean;
  category: string;
  author_kind: UserKind;
  tags: string[] | null;
  tag_names: string;
}
interface PostRow {
  id: number;
  topic_id: number;
  body: string;
  internal: boolean;
  hidden: boolean;
  deleted: boolean;
  created_at: Date;
  kind: TopicKind;
  status: TopicStatus;
  category: string;
  author_kind: UserKind;
  accepted: boolean;
  answered: boolean;
  tags: string[] | null;
}
interface PersonRow {
  id: number;
  handle: string;
  display_name: string;
  bio: string;
  kind: UserKind;
  created_at: Date;
  job_title: string | null;
  expertise: string[] | null;
  department: string | null;
}

const topicTags = (
  alias: string,
) => `coalesce(array(SELECT g."slug" FROM "topic_tags" tt JOIN "tags" g ON g."id" = tt."tag_id"
                   WHERE tt."topic_id" = ${alias}."id" ORDER BY g."slug"), ARRAY[]::text[])`;

/**
 * The documents for these things as they are now: things that are gone, deleted or no longer
 * searchable (a customer's profile) come back as removals. A topic brings its replies along,
 * since they carry its category, status, tags and visibility.
 */
export async function loadDocuments(
  sql: SqlExecutor,
  refs: readonly DocumentRef[],
): Promise<DocumentChanges> {
  const ids = (type: DocumentRef['type']) => [
    ...new Set(refs.filter((ref) => ref.type === type).map((ref) => ref.id)),
  ];
  const topicIds = ids('TOPIC');
  const postIds = ids('POST');
  const personIds = ids('PERSON');
  const upserts: SearchDocument[] = [];
  const removals: DocumentRef[] = [];

  if (topicIds.length > 0) {
    const rows = await sql.query<TopicRow>(
      `SELECT t."id", t."title", t."body", t."kind"::text AS kind, t."status"::text AS status, t."hidden",
              t."created_at", (t."accepted_answer_id" IS NOT NULL) AS answered, c."slug" AS category,
              u."kind"::text AS author_kind, ${topicTags('t')} AS tags,
              coalesce((SELECT string_agg(g."name", ' ' ORDER BY g."slug") FROM "topic_tags" tt
                         JOIN "tags" g ON g."id" = tt."tag_id" WHERE tt."topic_id" = t."id"), '') AS tag_names
         FROM "topics" t JOIN "categories" c ON c."id" = t."category_id" JOIN "users" u ON u."id" = t."author_id"
        WHERE t."id" = ANY($1::int[])`,
      [topicIds],
    );
    const found = new Set(rows.map((row) => row.id));
    for (const id of topicIds) if (!found.has(id)) removals.push({ type: 'TOPIC', id });
    for (const row of rows) {
      upserts.push({
        id: documentId({ type: 'TOPIC', id: row.id }),
        type: 'TOPIC',
        entityId: row.id,
        topicId: row.id,
        title: clean(row.title),
        keywords: clean(row.tag_names),
        body: clean(row.body),
        tags: row.tags ?? [],
        category: row.category,
        status: row.status,
        kind: row.kind,
        authorKind: row.author_kind,
        answered: row.answered,
        accepted: false,
        internal: false,
        hidden: row.hidden,
        createdAt: new Date(row.created_at).getTime(),
      });
    }
  }

  if (postIds.length > 0 || topicIds.length > 0) {
    const rows = await sql.query<PostRow>(
      `SELECT p."id", p."topic_id", p."body", p."internal", (p."hidden" OR t."hidden") AS hidden,
              (p."deleted_at" IS NOT NULL) AS deleted, p."created_at", t."kind"::text AS kind,
              t."status"::text AS status, c."slug" AS category, u."kind"::text AS author_kind,
              coalesce(t."accepted_answer_id" = p."id", false) AS accepted,
              (t."accepted_answer_id" IS NOT NULL) AS answered, ${topicTags('t')} AS tags
         FROM "posts" p JOIN "topics" t ON t."id" = p."topic_id"
         JOIN "categories" c ON c."id" = t."category_id" JOIN "users" u ON u."id" = p."author_id"
        WHERE p."id" = ANY($1::int[]) OR p."topic_id" = ANY($2::int[])`,
      [postIds, topicIds],
    );
    const found = new Set(rows.map((row) => row.id));
    for (const id of postIds) if (!found.has(id)) removals.push({ type: 'POST', id });
    for (const row of rows) {
      if (row.deleted) {
        removals.push({ type: 'POST', id: row.id });
        continue;
      }
      upserts.push({
        id: documentId({ type: 'POST', id: row.id }),
        type: 'POST',
        entityId: row.id,
        topicId: row.topic_id,
        title: '',
        keywords: '',
        body: clean(row.body),
        tags: row.tags ?? [],
        category: row.category,
        status: row.status,
        kind: row.kind,
        authorKind: row.author_kind,
        answered: row.answered,
        accepted: row.accepted,
        internal: row.internal,
        hidden: row.hidden,
        createdAt: new Date(row.created_at).getTime(),
      });
    }
  }

  if (personIds.length > 0) {
    const rows = await sql.query<PersonRow>(
      `SELECT u."id", u."handle", u."display_name", u."bio", u."kind"::text AS kind, u."created_at",
              ep."title" AS job_title, ep."expertise", d."name" AS department
         FROM "users" u LEFT JOIN "employee_profiles" ep ON ep."user_id" = u."id"
         LEFT JOIN "departments" d ON d."id" = ep."department_id"
        WHERE u."id" = ANY($1::int[])`,
      [personIds],
    );
    const employees = new Set<number>();
    for (const row of rows) {
      // Only employees are searchable people: they are the company's public faces.
      if (row.kind !== 'EMPLOYEE') continue;
      employees.add(row.id);
      upserts.push({
        id: documentId({ type: 'PERSON', id: row.id }),
        type: 'PERSON',
        entityId: row.id,
        topicId: null,
        title: clean(row.display_name),
        keywords: clean([row.job_title ?? '', ...(row.expertise ?? [])].filter(Boolean).join(' · ')),
        body: clean([`@${row.handle}`, row.department ?? '', row.bio].filter(Boolean).join('\n')),
        tags: [],
        category: null,
        status: null,
        kind: null,
        authorKind: 'EMPLOYEE',
        answered: false,
        accepted: false,
        internal: false,
        hidden: false,
        createdAt: new Date(row.created_at).getTime(),
      });
    }
    for (const id of personIds) if (!employees.has(id)) removals.push({ type: 'PERSON', id });
  }
  return { upserts, removals };
}

/** HTML-escapes engine output and turns its markers into `<mark>` elements. */
export function markedHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>');
}
