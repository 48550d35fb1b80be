import { Prisma } from '@parley/prisma/client';
import { builder } from './builder.ts';
import { Category } from './category.ts';
import type { Context } from './context.ts';
import { db } from './db.ts';
import { Department } from './department.ts';
import { NotFoundError, ValidationError } from './failures.ts';
import type { LiveCategoryEvent } from './realtime/events.ts';
import { liveState } from './realtime/iterate.ts';
import { sharing } from './realtime/sharing.ts';
import { batchLoader } from './stats.ts';

/**
 * "Visibly listening": how fast the company answers its customers, public and live.
 *
 * Only customer topics that anyone can see count, and only public employee replies (the stored
 * first response, which internal notes never set). The 24-hour share looks at topics started in
 * the last 30 days that have had their full 24 hours, so a topic started an hour ago does not
 * count against anyone yet.
 */
export interface Listening {
  medianFirstResponseMinutes30d: number | null;
  medianFirstResponseMinutes90d: number | null;
  /** Topics the share is over. */
  topicsConsidered30d: number;
  answeredWithin24h30d: number;
  /** Null for departments: a waiting topic has no team yet. */
  waitingOver48h: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ListeningRef = builder.objectRef<Listening>('Listening').implement({
  description:
    'How fast employees answer customers here, from what anyone can see: customer topics that are not hidden, and public employee replies (never internal notes).',
  fields: (t) => ({
    medianFirstResponseMinutes30d: t.exposeInt('medianFirstResponseMinutes30d', {
      nullable: true,
      description:
        'Median minutes from a topic starting to its first public employee reply, over topics started in the last 30 days that have one. Null when none.',
    }),
    medianFirstResponseMinutes90d: t.exposeInt('medianFirstResponseMinutes90d', {
      nullable: true,
      description: 'The same over the last 90 days.',
    }),
    answeredWithin24hShare: t.float({
      nullable: true,
      description:
        'Of the topics started in the last 30 days (and at least 24 hours ago), the share an employee answered within 24 hours, 0 to 1. Null when there are none.',
      resolve: (figures) =>
        figures.topicsConsidered30d === 0 ? null : figures.answeredWithin24h30d / figures.topicsConsidered30d,
    }),
    topicsConsidered30d: t.exposeInt('topicsConsidered30d', {
      description: 'The topics `answeredWithin24hShare` is computed over.',
    }),
    waitingOver48h: t.exposeInt('waitingOver48h', {
      nullable: true,
      description:
        'Topics still waiting for a first employee reply after more than 48 hours. Null for departments: a waiting topic has no team yet.',
    }),
  }),
});

interface Row {
  id: number;
  median30: number | null;
  median90: number | null;
  considered: number;
  within24: number;
  waiting: number;
}

type Scope =
  | { kind: 'category'; ids: number[] }
  | { kind: 'company' }
  | { kind: 'department'; ids: number[] };

/** One statement for every category (or department, or the whole company) asked about. */
async function loadListening(scope: Scope, now: Date): Promise<Map<number, Listening>> {
  const since30 = new Date(now.getTime() - 30 * DAY);
  const since90 = new Date(now.getTime() - 90 * DAY);
  const dayAgo = new Date(now.getTime() - DAY);
  const twoDaysAgo = new Date(now.getTime() - 2 * DAY);
  const minutes = Prisma.sql`extract(epoch FROM t.first_employee_response_at - t.created_at) / 60`;
  const answered = Prisma.sql`t.first_employee_response_at IS NOT NULL AND t.first_employee_response_at <= ${now}`;
  const [group, join, where] =
    scope.kind === 'company'
      ? [Prisma.sql`0`, Prisma.empty, Prisma.empty]
      : scope.kind === 'category'
        ? [
            Prisma.sql`t.category_id`,
            Prisma.empty,
            Prisma.sql`AND t.category_id IN (${Prisma.join(scope.ids)})`,
          ]
        : [
            Prisma.sql`e.department_id`,
            Prisma.sql`JOIN employee_profiles e ON e.user_id = t.first_employee_responder_id`,
            Prisma.sql`AND e.department_id IN (${Prisma.join(scope.ids)})`,
          ];
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT ${group}::int AS id,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes})
        FILTER (WHERE ${answered} AND t.created_at > ${since30})::float8 AS median30,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes})
        FILTER (WHERE ${answered} AND t.created_at > ${since90})::float8 AS median90,
      count(*) FILTER (WHERE t.created_at > ${since30} AND t.created_at <= ${dayAgo})::int AS considered,
      count(*) FILTER (
        WHERE t.created_at > ${since30} AND t.created_at <= ${dayAgo}
          AND ${answered} AND t.first_employee_response_at <= t.created_at + interval '24 hours'
      )::int AS within24,
      count(*) FILTER (
        WHERE t.awaiting_employee_since IS NOT NULL AND t.awaiting_employee_since <= ${twoDaysAgo}
      )::int AS waiting
    FROM topics t JOIN users a ON a.id = t.author_id ${join}
    WHERE NOT t.hidden AND a.kind = 'CUSTOMER' AND t.created_at <= ${now}
      AND (t.created_at > ${since90} OR t.awaiting_employee_since IS NOT NULL)
      ${where}
    GROUP BY 1`);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        medianFirstResponseMinutes30d: row.median30 === null ? null : Math.round(row.median30),
        medianFirstResponseMinutes90d: row.median90 === null ? null : Math.round(row.median90),
        topicsConsidered30d: row.considered,
        answeredWithin24h30d: row.within24,
        waitingOver48h: scope.kind === 'department' ? null : row.waiting,
      },
    ]),
  );
}

const none = (department: boolean): Listening => ({
  medianFirstResponseMinutes30d: null,
  medianFirstResponseMinutes90d: null,
  topicsConsidered30d: 0,
  answeredWithin24h30d: 0,
  waitingOver48h: department ? null : 0,
});

type Loader = (id: number) => Promise<Listening | null>;
const loaders = new WeakMap<Context, { category: Loader; department: Loader }>();

function listeningOf(context: Context, kind: 'category' | 'department', id: number): Promise<Listening> {
  let pair = loaders.get(context);
  if (!pair) {
    const now = context.services.clock.now();
    pair = {
      category: batchLoader((ids) => loadListening({ kind: 'category', ids }, now)),
      department: batchLoader((ids) => loadListening({ kind: 'department', ids }, now)),
    };
    loaders.set(context, pair);
  }
  return pair[kind](id).then((figures) => figures ?? none(kind === 'department'));
}

async function companyListening(context: Context): Promise<Listening> {
  const figures = await loadListening({ kind: 'company' }, context.services.clock.now());
  return figures.get(0) ?? none(false);
}

builder.prismaObjectField(Category, 'listening', (t) =>
  t.field({
    type: ListeningRef,
    description: 'How fast employees answer customers in this category. Live: `listeningChanged`.',
    resolve: (category, _args, context) => listeningOf(context, 'category', category.id),
  }),
);

builder.prismaObjectField(Department, 'listening', (t) =>
  t.field({
    type: ListeningRef,
    description: 'How fast this team answers customers: over the topics one of its employees answered first.',
    resolve: (department, _args, context) => listeningOf(context, 'department', department.id),
  }),
);

builder.queryField('listening', (t) =>
  t.field({
    type: ListeningRef,
    description: 'How fast the company answers its customers, everywhere. Readable without signing in.',
    resolve: (_root, _args, context) => companyListening(context),
  }),
);

const sameFigures = (a: Listening, b: Listening) =>
  (Object.keys(a) as (keyof Listening)[]).every((key) => a[key] === b[key]);

/** Category events that move the figures: new topics, first answers, hiding, moving. */
const MOVES_FIGURES = new Set(['employeeAnswered', 'hidden', 'category', 'status']);

builder.subscriptionField('listeningChanged', (t) =>
  t.field({
    type: ListeningRef,
    description:
      'The figures of one category or one team (by slug), or of the whole company without either: sent first as they are now, then again whenever they change (a new topic, a first employee reply, a topic hidden or moved).',
    extensions: sharing('state'),
    args: {
      category: t.arg.string({ description: 'A category slug; the whole company when omitted.' }),
      department: t.arg.string({ description: 'A department (team) slug, instead of a category.' }),
    },
    subscribe: async (_root, args, context) => {
      if (args.category && args.department)
        throw new ValidationError([
          { field: 'department', message: 'ask for a category or a department, not both' },
        ]);
      const category = args.category
        ? await db.category.findUnique({ where: { slug: args.category } })
        : null;
      if (args.category && !category) throw new NotFoundError('category', args.category);
      const department = args.department
        ? await db.department.findUnique({ where: { slug: args.department } })
        : null;
      if (args.department && !department) throw new NotFoundError('department', args.department);
      const current = async (): Promise<Listening> => {
        const now = context.services.clock.now();
        if (category)
          return (
            (await loadListening({ kind: 'category', ids: [category.id] }, now)).get(category.id) ??
            none(false)
          );
        if (department)
          return (
            (await loadListening({ kind: 'department', ids: [department.id] }, now)).get(department.id) ??
            none(true)
          );
        return (await loadListening({ kind: 'company' }, now)).get(0) ?? none(false);
      };
      return liveState(context.services.pubsub.subscribe('category', category?.id ?? 'all'), current, {
        // Most events (other categories' topics, other teams' answers) leave these figures as they were.
        moves: (event: LiveCategoryEvent) =>
          event.kind === 'TOPIC_CREATED' || event.changes.some((change) => MOVES_FIGURES.has(change)),
        same: sameFigures,
      });
    },
    resolve: (figures: Listening) => figures,
  }),
);
