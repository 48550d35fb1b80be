import { Prisma } from '@parley/prisma/client';
import type { Context } from './context.ts';
import { db } from './db.ts';

/** "Visibly listening": the public figures of an employee, from public replies only. */
export interface PersonStats {
  answersGiven: number;
  acceptedAnswers: number;
  topicsJoined: number;
  /** Median minutes to the first public employee reply, over topics they answered first in the last 90 days. */
  medianFirstResponseMinutes: number | null;
}

export const STATS_WINDOW_DAYS = 90;

const since = (context: Context) =>
  new Date(context.services.clock.now().getTime() - STATS_WINDOW_DAYS * 24 * 3_600_000);

interface Row {
  id: number;
  answers: number;
  accepted: number;
  joined: number;
  median: number | null;
}

/**
 * Everyone's figures in one statement per request: a page of 20 employees asks for their
 * stats in the same tick, and the loader batches them.
 */
const loaders = new WeakMap<Context, (id: number) => Promise<PersonStats>>();

export function personStats(context: Context, id: number): Promise<PersonStats> {
  let load = loaders.get(context);
  if (!load) {
    load = batch(async (ids) => {
      const rows = await db.$queryRaw<Row[]>(Prisma.sql`
        SELECT u.id,
          (SELECT count(*) FROM posts p JOIN topics t ON t.id = p.topic_id
            WHERE p.author_id = u.id AND NOT p.internal AND NOT p.hidden AND p.deleted_at IS NULL AND NOT t.hidden)::int AS answers,
          (SELECT count(*) FROM topics t JOIN posts p ON p.id = t.accepted_answer_id
            WHERE p.author_id = u.id AND NOT t.hidden)::int AS accepted,
          (SELECT count(DISTINCT p.topic_id) FROM posts p JOIN topics t ON t.id = p.topic_id
            WHERE p.author_id = u.id AND NOT p.internal AND NOT p.hidden AND p.deleted_at IS NULL AND NOT t.hidden)::int AS joined,
          (SELECT percentile_cont(0.5) WITHIN GROUP (
              ORDER BY extract(epoch FROM t.first_employee_response_at - t.created_at) / 60)
            FROM topics t
            WHERE t.first_employee_responder_id = u.id AND t.created_at >= ${since(context)} AND NOT t.hidden)::float8 AS median
        FROM users u WHERE u.id IN (${Prisma.join(ids)})`);
      return new Map(
        rows.map((row) => [
          row.id,
          {
            answersGiven: row.answers,
            acceptedAnswers: row.accepted,
            topicsJoined: row.joined,
            medianFirstResponseMinutes: row.median === null ? null : Math.round(row.median),
          },
        ]),
      );
    });
    loaders.set(context, load);
  }
  return load(id);
}

/** A department's public response figures over the last 90 days. */
export interface DepartmentStats {
  topicsAnswered: number;
  answersGiven: number;
  medianFirstResponseMinutes: number | null;
}

export async function departmentStats(context: Context, departmentId: number): Promise<DepartmentStats> {
  const [row] = await db.$queryRaw<{ topics: number; answers: number; median: number | null }[]>(Prisma.sql`
    SELECT
      (SELECT count(*) FROM topics t JOIN employee_profiles e ON e.user_id = t.first_employee_responder_id
        WHERE e.department_id = ${departmentId} AND t.created_at >= ${since(context)} AND NOT t.hidden)::int AS topics,
      (SELECT count(*) FROM posts p JOIN employee_profiles e ON e.user_id = p.author_id JOIN topics t ON t.id = p.topic_id
        WHERE e.department_id = ${departmentId} AND p.created_at >= ${since(context)}
          AND NOT p.internal AND NOT p.hidden AND p.deleted_at IS NULL AND NOT t.hidden)::int AS answers,
      (SELECT percentile_cont(0.5) WITHIN GROUP (
          ORDER BY extract(epoch FROM t.first_employee_response_at - t.created_at) / 60)
        FROM topics t JOIN employee_profiles e ON e.user_id = t.first_employee_responder_id
        WHERE e.department_id = ${departmentId} AND t.created_at >= ${since(context)} AND NOT t.hidden)::float8 AS median`);
  return {
    topicsAnswered: row?.topics ?? 0,
    answersGiven: row?.answers ?? 0,
    medianFirstResponseMinutes: row?.median == null ? null : Math.round(row.median),
  };
}

/** Collects the ids asked for in one tick and loads them together. */
function batch<T>(loadMany: (ids: number[]) => Promise<Map<number, T>>): (id: number) => Promise<T> {
  let pending: Map<number, { resolve: (value: T) => void; reject: (error: unknown) => void }[]> | null = null;
  return (id) =>
    new Promise<T>((resolve, reject) => {
      if (!pending) {
        const current = new Map<
          number,
          { resolve: (value: T) => void; reject: (error: unknown) => void }[]
        >();
        pending = current;
        setImmediate(() => {
          pending = null;
          loadMany([...current.keys()]).then(
            (found) => {
              for (const [key, waiters] of current) {
                const value = found.get(key);
                for (const waiter of waiters)
                  value === undefined
                    ? waiter.reject(new Error(`no stats for ${key}`))
                    : waiter.resolve(value);
              }
            },
            (error: unknown) => {
              for (const waiters of current.values()) for (const waiter of waiters) waiter.reject(error);
            },
          );
        });
      }
      const waiters = pending.get(id) ?? [];
      waiters.push({ resolve, reject });
      pending.set(id, waiters);
    });
}
