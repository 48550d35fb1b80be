import { Prisma } from '@parley/prisma/client';
import type { Context } from './context.ts';
import { db } from './db.ts';

/**
 * "Visibly listening": the response figures the API shows for employees and departments.
 *
 * Only what anyone can see counts: public replies (not internal notes, not hidden, not deleted)
 * in topics that are not hidden. A first response is the topic's stored
 * `firstEmployeeResponseAt`/`firstEmployeeResponderId`, which only a public employee reply sets.
 *
 * Each figure set is one SQL statement for every person (or department) a request asks about:
 * resolvers ask per item, a per-request loader collects the ids asked for in the same turn of
 * the event loop and answers them together, so a page of 20 people costs what a page of 5 does.
 */

export const STATS_WINDOW_DAYS = 90;

/** An employee's public figures. */
export interface PersonStats {
  /** Their public replies, all time. */
  answersGiven: number;
  /** Topics whose accepted answer is one of their public replies. */
  acceptedAnswers: number;
  /** Distinct topics they publicly replied in. */
  topicsJoined: number;
  /** Median minutes to first response on topics started in the window that they answered first. */
  medianFirstResponseMinutes: number | null;
}

/** A department's figures over the window, by its current employees. */
export interface DepartmentStats {
  /** Topics started in the window whose first employee responder is in the department. */
  topicsAnswered90d: number;
  /** The median minutes to that first response, over the same topics. */
  medianFirstResponseMinutes90d: number | null;
  /** Public replies its employees wrote in the window. */
  answersGiven90d: number;
}

/** The window's bounds: (now - 90 days, now]. */
function statsWindow(context: Context): { from: Date; to: Date } {
  const to = context.services.clock.now();
  return { from: new Date(to.getTime() - STATS_WINDOW_DAYS * 86_400_000), to };
}

const minutes = (median: number | null): number | null => (median === null ? null : Math.round(median));

interface PersonRow {
  id: number;
  answers: number;
  accepted: number;
  joined: number;
  median: number | null;
}

/** One statement for the figures of every person in `ids`. */
async function loadPersonStats(ids: number[], context: Context): Promise<Map<number, PersonStats>> {
  const { from, to } = statsWindow(context);
  const rows = await db.$queryRaw<PersonRow[]>(Prisma.sql`
    WITH replies AS (
      SELECT p.author_id AS id, count(*)::int AS answers, count(DISTINCT p.topic_id)::int AS joined
      FROM posts p JOIN topics t ON t.id = p.topic_id
      WHERE p.author_id IN (${Prisma.join(ids)})
        AND NOT p.internal AND NOT p.hidden AND p.deleted_at IS NULL AND NOT t.hidden
      GROUP BY p.author_id
    ), accepted AS (
      SELECT p.author_id AS id, count(*)::int AS accepted
      FROM topics t JOIN posts p ON p.id = t.accepted_answer_id
      WHERE p.author_id IN (${Prisma.join(ids)})
        AND NOT p.internal AND NOT p.hidden AND p.deleted_at IS NULL AND NOT t.hidden
      GROUP BY p.author_id
    ), firsts AS (
      SELECT t.first_employee_responder_id AS id,
        percentile_cont(0.5) WITHIN GROUP (
          ORDER BY extract(epoch FROM t.first_employee_response_at - t.created_at) / 60
        ) AS median
      FROM topics t
      WHERE t.first_employee_responder_id IN (${Prisma.join(ids)})
        AND t.first_employee_response_at IS NOT NULL AND NOT t.hidden
        AND t.created_at > ${from} AND t.created_at <= ${to}
      GROUP BY t.first_employee_responder_id
    )
    SELECT u.id,
      coalesce(r.answers, 0)::int AS answers,
      coalesce(a.accepted, 0)::int AS accepted,
      coalesce(r.joined, 0)::int AS joined,
      f.median::float8 AS median
    FROM users u
      LEFT JOIN replies r ON r.id = u.id
      LEFT JOIN accepted a ON a.id = u.id
      LEFT JOIN firsts f ON f.id = u.id
    WHERE u.id IN (${Prisma.join(ids)})`);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        answersGiven: row.answers,
        acceptedAnswers: row.accepted,
        topicsJoined: row.joined,
        medianFirstResponseMinutes: minutes(row.median),
      },
    ]),
  );
}

interface DepartmentRow {
  id: number;
  topics: number;
  median: number | null;
  answers: number;
}

/** One statement for the figures of every department in `ids`. */
async function loadDepartmentStats(ids: number[], context: Context): Promise<Map<number, DepartmentStats>> {
  const { from, to } = statsWindow(context);
  const rows = await db.$queryRaw<DepartmentRow[]>(Prisma.sql`
    WITH members AS (
      SELECT e.user_id, e.department_id
      FROM employee_profiles e JOIN users u ON u.id = e.user_id
      WHERE e.department_id IN (${Prisma.join(ids)}) AND u.kind = 'EMPLOYEE'
    ), firsts AS (
      SELECT m.department_id AS id, count(*)::int AS topics,
        percentile_cont(0.5) WITHIN GROUP (
          ORDER BY extract(epoch FROM t.first_employee_response_at - t.created_at) / 60
        ) AS median
      FROM topics t JOIN members m ON m.user_id = t.first_employee_responder_id
      WHERE t.first_employee_response_at IS NOT NULL AND NOT t.hidden
        AND t.created_at > ${from} AND t.created_at <= ${to}
      GROUP BY m.department_id
    ), replies AS (
      SELECT m.department_id AS id, count(*)::int AS answers
      FROM posts p JOIN members m ON m.user_id = p.author_id JOIN topics t ON t.id = p.topic_id
      WHERE NOT p.internal AND NOT p.hidden AND p.deleted_at IS NULL AND NOT t.hidden
        AND p.created_at > ${from} AND p.created_at <= ${to}
      GROUP BY m.department_id
    )
    SELECT d.id,
      coalesce(f.topics, 0)::int AS topics,
      f.median::float8 AS median,
      coalesce(r.answers, 0)::int AS answers
    FROM departments d
      LEFT JOIN firsts f ON f.id = d.id
      LEFT JOIN replies r ON r.id = d.id
    WHERE d.id IN (${Prisma.join(ids)})`);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        topicsAnswered90d: row.topics,
        medianFirstResponseMinutes90d: minutes(row.median),
        answersGiven90d: row.answers,
      },
    ]),
  );
}

/** Loads by id, batched per turn of the event loop and cached for the request. */
type Loader<T> = (id: number) => Promise<T>;

const personLoaders = new WeakMap<Context, Loader<PersonStats | null>>();
const departmentLoaders = new WeakMap<Context, Loader<DepartmentStats | null>>();

/** The figures of one person (null when no such user); batched with the rest of the request. */
export function personStats(context: Context, id: number): Promise<PersonStats | null> {
  let load = personLoaders.get(context);
  if (!load) {
    load = batchLoader((ids) => loadPersonStats(ids, context));
    personLoaders.set(context, load);
  }
  return load(id);
}

/** The figures of one department (null when no such department); batched like personStats. */
export function departmentStats(context: Context, id: number): Promise<DepartmentStats | null> {
  let load = departmentLoaders.get(context);
  if (!load) {
    load = batchLoader((ids) => loadDepartmentStats(ids, context));
    departmentLoaders.set(context, load);
  }
  return load(id);
}

/**
 * A minimal data loader: ids asked for before the next macrotask (all the siblings of a list,
 * which GraphQL resolves together) are loaded with one call; each id is loaded once per loader.
 */
export function batchLoader<T>(loadMany: (ids: number[]) => Promise<Map<number, T>>): Loader<T | null> {
  const cache = new Map<number, Promise<T | null>>();
  let queue: { id: number; resolve: (value: T | null) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    loadMany([...new Set(batch.map((item) => item.id))]).then(
      (found) => {
        for (const item of batch) item.resolve(found.get(item.id) ?? null);
      },
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  };
  return (id) => {
    let promise = cache.get(id);
    if (!promise) {
      promise = new Promise<T | null>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ id, resolve, reject });
      });
      cache.set(id, promise);
    }
    return promise;
  };
}
