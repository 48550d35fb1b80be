import type { Post as PostRow, Topic as TopicRow, User } from '@parley/prisma/client';
import { builder } from '../builder.ts';
import type { Context, Viewer } from '../context.ts';
import { db } from '../db.ts';
import { TopicKindEnum, TopicStatusEnum, UserKindEnum } from '../enums.ts';
import { ValidationError } from '../failures.ts';
import { Person } from '../person.ts';
import { Post } from '../post.ts';
import { Topic } from '../topic.ts';
import { LIMITS, Problems } from '../validation.ts';
import { seesHidden, seesInternal, visiblePosts, visibleTopics } from '../visibility.ts';
import { checkSearchText } from './query-text.ts';
import type {
  SearchAudience,
  SearchHighlight,
  SearchHitRef,
  SearchService,
  SearchType,
  SuggestionRef,
} from './service.ts';

/** Deep pages of a relevance ranking are noise and cost the most; refine the query instead. */
const MAX_SEARCH_OFFSET = 1_000;

/**
 * What the viewer's search may return. The engine filters on it, and every hit is loaded again
 * through the same visibility rules as the rest of the API before it is returned, so even a
 * stale index cannot show what the viewer may not see.
 */
export function searchAudience(viewer: Viewer | null): SearchAudience {
  return { internal: seesInternal(viewer), hidden: seesHidden(viewer) };
}

function searchService(context: Context): SearchService {
  const service = context.services.search;
  if (!service) throw new Error('No search engine is configured (services.search is missing).');
  return service;
}

interface TopicHit {
  kind: 'TOPIC';
  topic: TopicRow;
  score: number;
  highlights: SearchHighlight[];
}
interface PostHit {
  kind: 'POST';
  post: PostRow;
  topic: TopicRow;
  score: number;
  highlights: SearchHighlight[];
}
interface PersonHit {
  kind: 'PERSON';
  person: User;
  score: number;
  highlights: SearchHighlight[];
}
type Hit = TopicHit | PostHit | PersonHit;

const SearchTypeEnum = builder.enumType('SearchType', {
  values: {
    TOPIC: { description: 'Topics: title, tags and body.' },
    POST: { description: 'Replies (and, for employees, internal notes).' },
    PERSON: { description: 'Employees: name, title, expertise, department and bio.' },
  } as const,
});

const SearchFieldEnum = builder.enumType('SearchField', {
  values: {
    TITLE: {},
    KEYWORDS: { description: 'Tags, or an employee’s title and expertise.' },
    BODY: {},
  } as const,
});

const SearchHighlightRef = builder.objectRef<SearchHighlight>('SearchHighlight').implement({
  description:
    'A field where the query matched: HTML-escaped text, cut around the matches, each match wrapped in `<mark>`…`</mark>`. Safe to render as HTML.',
  fields: (t) => ({
    field: t.field({
      type: SearchFieldEnum,
      resolve: (highlight) =>
        highlight.field === 'title' ? 'TITLE' : highlight.field === 'keywords' ? 'KEYWORDS' : 'BODY',
    }),
    snippet: t.exposeString('snippet'),
  }),
});

const hitFields = {
  score: 'Relevance: higher is better. Comparable within one result list only.',
  highlights: 'Where the query matched, with the matched terms marked.',
} as const;

const TopicHitRef = builder.objectRef<TopicHit>('TopicHit').implement({
  description: 'A topic whose title, tags or body matched.',
  isTypeOf: (hit) => (hit as Hit).kind === 'TOPIC',
  fields: (t) => ({
    topic: t.field({ type: Topic, resolve: (hit) => hit.topic }),
    score: t.exposeFloat('score', { description: hitFields.score }),
    highlights: t.field({
      type: [SearchHighlightRef],
      description: hitFields.highlights,
      resolve: (hit) => hit.highlights,
    }),
  }),
});

const PostHitRef = builder.objectRef<PostHit>('PostHit').implement({
  description: 'A reply (or, for employees, an internal note) whose text matched, with its topic.',
  isTypeOf: (hit) => (hit as Hit).kind === 'POST',
  fields: (t) => ({
    post: t.field({ type: Post, resolve: (hit) => hit.post }),
    topic: t.field({ type: Topic, resolve: (hit) => hit.topic }),
    score: t.exposeFloat('score', { description: hitFields.score }),
    highlights: t.field({
      type: [SearchHighlightRef],
      description: hitFields.highlights,
      resolve: (hit) => hit.highlights,
    }),
  }),
});

const PersonHitRef = builder.objectRef<PersonHit>('PersonHit').implement({
  description: 'An employee whose name, title, expertise, department or bio matched.',
  isTypeOf: (hit) => (hit as Hit).kind === 'PERSON',
  fields: (t) => ({
    person: t.field({ type: Person, resolve: (hit) => hit.person }),
    score: t.exposeFloat('score', { description: hitFields.score }),
    highlights: t.field({
      type: [SearchHighlightRef],
      description: hitFields.highlights,
      resolve: (hit) => hit.highlights,
    }),
  }),
});

const SearchHitUnion = builder.unionType('SearchHit', {
  description: 'One search result: a topic, a reply or an employee.',
  types: [TopicHitRef, PostHitRef, PersonHitRef],
  resolveType: (hit) =>
    hit.kind === 'TOPIC' ? TopicHitRef : hit.kind === 'POST' ? PostHitRef : PersonHitRef,
});

interface SearchEdge {
  cursor: string;
  node: Hit;
}
interface SearchConnection {
  edges: SearchEdge[];
  startOffset: number;
  hasNextPage: boolean;
}

const SearchEdgeRef = builder.objectRef<SearchEdge>('SearchEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: SearchHitUnion, resolve: (edge) => edge.node }),
  }),
});

const SearchPageInfoRef = builder.objectRef<SearchConnection>('SearchPageInfo').implement({
  description: 'Where this page of results sits. Results are ranked, so pages are by position.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    hasPreviousPage: t.boolean({ resolve: (page) => page.startOffset > 0 }),
    startCursor: t.string({ nullable: true, resolve: (page) => page.edges[0]?.cursor ?? null }),
    endCursor: t.string({ nullable: true, resolve: (page) => page.edges.at(-1)?.cursor ?? null }),
  }),
});

const SearchConnectionRef = builder.objectRef<SearchConnection>('SearchConnection').implement({
  description: 'Search results, best first.',
  fields: (t) => ({
    edges: t.field({ type: [SearchEdgeRef], resolve: (page) => page.edges }),
    pageInfo: t.field({ type: SearchPageInfoRef, resolve: (page) => page }),
  }),
});

const SearchFilterInput = builder.inputType('SearchFilter', {
  fields: (t) => ({
    types: t.field({
      type: [SearchTypeEnum],
      description: 'What to return; all of them when omitted.',
    }),
    category: t.string({ description: 'A category slug (topics and replies only).' }),
    tags: t.stringList({ description: 'Tag slugs; a topic (or reply’s topic) must carry every one.' }),
    status: t.field({ type: TopicStatusEnum }),
    kind: t.field({ type: TopicKindEnum }),
    authorKind: t.field({
      type: UserKindEnum,
      description: 'Topics and replies written by customers, or by employees.',
    }),
    answered: t.boolean({ description: 'Topics (and their replies) with, or without, an accepted answer.' }),
  }),
});

const cursorOf = (offset: number) => Buffer.from(`search:${offset}`).toString('base64url');

function offsetAfter(cursor: string | null | undefined, problems: Problems): number {
  if (cursor == null) return 0;
  const match = /^search:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    problems.add('after', 'is not a cursor from these search results');
    return 0;
  }
  return Number(match[1]) + 1;
}

/**
 * Loads what the engine found through the API's visibility rules, in the engine's order;
 * anything the viewer may not see (or that is gone) is dropped.
 */
async function loadHits(viewer: Viewer | null, refs: readonly SearchHitRef[]): Promise<Hit[]> {
  const ids = (type: SearchType) => refs.filter((ref) => ref.type === type).map((ref) => ref.id);
  const postIds = ids('POST');
  const personIds = ids('PERSON');
  const [posts, people] = await Promise.all([
    postIds.length > 0 ? db.post.findMany({ where: { id: { in: postIds }, ...visiblePosts(viewer) } }) : [],
    personIds.length > 0 ? db.user.findMany({ where: { id: { in: personIds }, kind: 'EMPLOYEE' } }) : [],
  ]);
  const topicIds = [...new Set([...ids('TOPIC'), ...posts.map((post) => post.topicId)])];
  const topics =
    topicIds.length > 0
      ? await db.topic.findMany({ where: { id: { in: topicIds }, ...visibleTopics(viewer) } })
      : [];
  const topicById = new Map(topics.map((topic) => [topic.id, topic]));
  const postById = new Map(posts.map((post) => [post.id, post]));
  const personById = new Map(people.map((person) => [person.id, person]));
  const hits: Hit[] = [];
  for (const ref of refs) {
    const { score, highlights } = ref;
    if (ref.type === 'TOPIC') {
      const topic = topicById.get(ref.id);
      if (topic) hits.push({ kind: 'TOPIC', topic, score, highlights });
    } else if (ref.type === 'POST') {
      const post = postById.get(ref.id);
      const topic = post && topicById.get(post.topicId);
      if (post && topic) hits.push({ kind: 'POST', post, topic, score, highlights });
    } else {
      const person = personById.get(ref.id);
      if (person) hits.push({ kind: 'PERSON', person, score, highlights });
    }
  }
  return hits;
}

function checkFirst(first: number | null | undefined, fallback: number, problems: Problems): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > LIMITS.pageSize) {
    problems.add('first', `must be between 1 and ${LIMITS.pageSize} (it is ${size})`);
    return fallback;
  }
  return size;
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnectionRef,
    description:
      'Full-text search over topics, replies and employees: words match in any form ("resetting" finds "reset"), the last word as a prefix while typing, small typos in titles and names are forgiven. Supports `"exact phrases"`, `or` and `-excluded` words. Internal notes are found by employees only; hidden content by moderators and employees.',
    errors: { types: [ValidationError] },
    args: {
      query: t.arg.string({ required: true, description: `1 to 500 characters.` }),
      filter: t.arg({ type: SearchFilterInput }),
      first: t.arg.int({ defaultValue: 20, description: `At most ${LIMITS.pageSize}.` }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: async (_root, args, context) => {
      const text = checkSearchText('query', args.query);
      const problems = new Problems();
      const limit = checkFirst(args.first, 20, problems);
      const offset = offsetAfter(args.after, problems);
      if (offset > MAX_SEARCH_OFFSET)
        problems.add('after', `results go ${MAX_SEARCH_OFFSET} deep at most; refine the query instead`);
      problems.throwIfAny();
      const filter = args.filter ?? {};
      const page = await searchService(context).search({
        text,
        filter: {
          types: filter.types && filter.types.length > 0 ? filter.types : ['TOPIC', 'POST', 'PERSON'],
          category: filter.category ?? undefined,
          tags:
            filter.tags && filter.tags.length > 0 ? filter.tags.map((tag) => tag.toLowerCase()) : undefined,
          status: filter.status ?? undefined,
          kind: filter.kind ?? undefined,
          authorKind: filter.authorKind ?? undefined,
          answered: filter.answered ?? undefined,
        },
        audience: searchAudience(context.viewer),
        limit,
        offset,
        now: context.services.clock.now(),
      });
      const hits = await loadHits(context.viewer, page.hits);
      return {
        edges: hits.map((node, index) => ({ cursor: cursorOf(offset + index), node })),
        startOffset: offset,
        hasNextPage: page.hasMore,
      };
    },
  }),
);

interface Suggestion extends SuggestionRef {
  topic: TopicRow | null;
  person: User | null;
}

const SearchSuggestionRef = builder.objectRef<Suggestion>('SearchSuggestion').implement({
  description: 'A topic title or an employee’s name to complete what is being typed.',
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The title or name.' }),
    highlighted: t.exposeString('highlighted', {
      description: '`text`, HTML-escaped, with the typed part in `<mark>`.',
    }),
    topic: t.field({ type: Topic, nullable: true, resolve: (suggestion) => suggestion.topic }),
    person: t.field({ type: Person, nullable: true, resolve: (suggestion) => suggestion.person }),
  }),
});

builder.queryField('searchSuggestions', (t) =>
  t.field({
    type: [SearchSuggestionRef],
    description:
      'Search-as-you-type: topic titles and employees’ names starting with (or close to) what has been typed. Empty while nothing has been typed.',
    errors: { types: [ValidationError] },
    args: {
      prefix: t.arg.string({
        required: true,
        description: 'What has been typed so far; at most 500 characters.',
      }),
      first: t.arg.int({ defaultValue: 8, description: 'At most 20.' }),
    },
    resolve: async (_root, args, context) => {
      const prefix = checkSearchText('prefix', args.prefix, 0);
      const limit = args.first ?? 8;
      if (!Number.isInteger(limit) || limit < 1 || limit > 20)
        throw new ValidationError([{ field: 'first', message: `must be between 1 and 20 (it is ${limit})` }]);
      if (prefix === '') return [];
      const refs = await searchService(context).suggest({
        prefix,
        audience: searchAudience(context.viewer),
        limit,
        now: context.services.clock.now(),
      });
      const hits = await loadHits(
        context.viewer,
        refs.map((ref) => ({ type: ref.type, id: ref.id, topicId: null, score: 0, highlights: [] })),
      );
      const found = new Map(
        hits.map((hit) => [
          hit.kind === 'PERSON'
            ? `PERSON:${hit.person.id}`
            : hit.kind === 'TOPIC'
              ? `TOPIC:${hit.topic.id}`
              : '',
          hit,
        ]),
      );
      return refs.flatMap((ref): Suggestion[] => {
        const hit = found.get(`${ref.type}:${ref.id}`);
        if (!hit) return [];
        return [
          {
            ...ref,
            topic: hit.kind === 'TOPIC' ? hit.topic : null,
            person: hit.kind === 'PERSON' ? hit.person : null,
          },
        ];
      });
    },
  }),
);

builder.queryField('similarTopics', (t) =>
  t.field({
    type: [TopicHitRef],
    description:
      'For the new-topic form ("was this already asked?"): topics whose title or text resembles this title, best first, answered ones ahead. Empty for fewer than 3 characters.',
    errors: { types: [ValidationError] },
    args: {
      title: t.arg.string({
        required: true,
        description: 'The title being written; at most 500 characters.',
      }),
      first: t.arg.int({ defaultValue: 5, description: 'At most 20.' }),
    },
    resolve: async (_root, args, context) => {
      const title = checkSearchText('title', args.title, 0);
      const limit = args.first ?? 5;
      if (!Number.isInteger(limit) || limit < 1 || limit > 20)
        throw new ValidationError([{ field: 'first', message: `must be between 1 and 20 (it is ${limit})` }]);
      if (title.length < 3) return [];
      const refs = await searchService(context).similarTopics({
        title,
        audience: searchAudience(context.viewer),
        limit,
        now: context.services.clock.now(),
      });
      const hits = await loadHits(context.viewer, refs);
      return hits.filter((hit): hit is TopicHit => hit.kind === 'TOPIC');
    },
  }),
);
