import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchRuntimeOptions } from '../../src/search/search-runtime.ts';
import { type Actor, type ApiTest, startApiTest } from '../support/api.ts';
import type { ResultOf, VariablesOf } from '../support/graphql.ts';
import {
  AcceptAnswer,
  CreateTopic,
  DeletePost,
  EditTopic,
  HidePost,
  HideTopic,
  Reply,
  Search,
  SimilarTopics,
  Suggestions,
  UpdateEmployeeProfile,
} from './operations.ts';

type Hit = Extract<
  ResultOf<typeof Search>['search'],
  { __typename: 'QuerySearchSuccess' }
>['data']['edges'][number]['node'];

/** The text of a hit, to assert on without caring which kind it is. */
export function hitLabel(hit: Hit): string {
  if (hit.__typename === 'TopicHit') return `topic: ${hit.topic.title}`;
  if (hit.__typename === 'PostHit') return `post: ${hit.post.body}`;
  if (hit.__typename === 'PersonHit') return `person: ${hit.person.displayName}`;
  return 'unknown';
}

export async function searchHits(
  actor: Actor,
  query: string,
  variables: Omit<VariablesOf<typeof Search>, 'query'> = {},
): Promise<{ hits: Hit[]; hasNextPage: boolean; endCursor: string | null | undefined }> {
  const result = await actor.data(Search, { query, ...variables });
  if (result.search.__typename !== 'QuerySearchSuccess')
    throw new Error(`search "${query}" failed: ${JSON.stringify(result.search)}`);
  const { edges, pageInfo } = result.search.data;
  return {
    hits: edges.map((edge) => edge.node),
    hasNextPage: pageInfo.hasNextPage,
    endCursor: pageInfo.endCursor,
  };
}

export async function labels(
  actor: Actor,
  query: string,
  variables: Omit<VariablesOf<typeof Search>, 'query'> = {},
) {
  return (await searchHits(actor, query, variables)).hits.map(hitLabel);
}

/** Starts a topic through the API (in "banking" unless told otherwise); its id. */
export async function startTopic(
  author: Actor,
  title: string,
  body: string,
  extra: { category?: string; tags?: string[] } = {},
): Promise<string> {
  const result = await author.data(CreateTopic, {
    input: { category: extra.category ?? 'banking', title, body, tags: extra.tags ?? [] },
  });
  if (result.createTopic.__typename !== 'MutationCreateTopicSuccess')
    throw new Error(JSON.stringify(result.createTopic));
  return result.createTopic.data.id;
}

export interface ContractWorld {
  api: ApiTest;
  customer: Actor;
  employee: Actor;
  moderator: Actor;
  admin: Actor;
  /** Until everything written so far is searchable. */
  indexed(): Promise<void>;
}

/**
 * What every search engine must do, through the public API: relevance, filters, pagination,
 * highlighting, typo tolerance, visibility for every role, catch-up after the indexer was
 * stopped, and a rebuild that equals what was built incrementally.
 */
export function searchContract(
  engineLabel: string,
  search: () => SearchRuntimeOptions | undefined,
  /** Postgres stems words ("syncs" finds "syncing"); Meilisearch matches prefixes and typos instead. */
  capabilities: { stemming: boolean } = { stemming: true },
) {
  describe(`search contract: ${engineLabel}`, () => {
    const world = {} as ContractWorld;
    const ids: Record<string, string> = {};
    const idOf = (name: string): string => {
      const id = ids[name];
      if (id === undefined) throw new Error(`no fixture ${name}`);
      return id;
    };

    const topic = startTopic;
    async function reply(author: Actor, topicId: string, body: string, internal = false) {
      const result = await author.data(Reply, { input: { topicId, body, internal } });
      if (result.createPost.__typename !== 'MutationCreatePostSuccess')
        throw new Error(JSON.stringify(result.createPost));
      return result.createPost.data.id;
    }

    beforeAll(async () => {
      const options = search();
      world.api = await startApiTest(options ? { search: options } : {});
      const { api } = world;
      await api.prisma.category.createMany({
        data: [
          { slug: 'banking', name: 'Banking' },
          { slug: 'billing', name: 'Billing' },
        ],
      });
      world.customer = await api.actor('customer', { handle: 'maria', displayName: 'Maria Rossi' });
      world.employee = await api.actor('employee', { handle: 'dana', displayName: 'Dana Whitfield' });
      world.moderator = await api.actor('customer-moderator', { handle: 'mod' });
      world.admin = await api.actor('admin', { handle: 'root' });
      world.indexed = async () => {
        const report = await api.app.search.indexer.drain();
        if (report.error) throw new Error(`indexing failed: ${report.error}`);
      };
      const { customer, employee, moderator } = world;

      ids.reset = await topic(
        customer,
        'Password reset email never arrives',
        'I asked for a link twice, nothing came.',
        {
          tags: ['login'],
        },
      );
      ids.feed = await topic(
        customer,
        'Bank feed stopped syncing',
        'Since Monday the password field of my bank connection is greyed out.',
      );
      ids.rounding = await topic(
        customer,
        'Invoice totals look wrong',
        'The invoice totals differ by a cent.',
        {
          category: 'billing',
        },
      );
      ids.roundPlain = await reply(customer, ids.rounding, 'Round each line before adding the totals.');
      ids.roundAccepted = await reply(employee, ids.rounding, 'Round each line before adding the totals.');
      expect((await customer.data(AcceptAnswer, { postId: ids.roundAccepted })).acceptAnswer.__typename).toBe(
        'MutationAcceptAnswerSuccess',
      );
      ids.escape = await topic(
        customer,
        'Markup <script>alert(1)</script> in exports',
        'Exports show <b>tags</b> raw.',
      );
      ids.note = await reply(employee, ids.reset, 'Customer is on the legacy zebracorn plan.', true);
      ids.hiddenTopic = await topic(customer, 'Selling quokka coupons', 'Cheap quokka coupons here.');
      expect((await moderator.data(HideTopic, { topicId: ids.hiddenTopic })).hideTopic.__typename).toBe(
        'MutationHideTopicSuccess',
      );
      ids.hiddenReply = await reply(customer, ids.feed, 'Rude wombat remark.');
      expect((await moderator.data(HidePost, { postId: ids.hiddenReply })).hidePost.__typename).toBe(
        'MutationHidePostSuccess',
      );
      ids.deletedReply = await reply(customer, ids.feed, 'Mistaken platypus post.');
      expect((await customer.data(DeletePost, { postId: ids.deletedReply })).deletePost.__typename).toBe(
        'MutationDeletePostSuccess',
      );
      for (let n = 1; n <= 25; n++)
        await topic(customer, `Pagination widget number ${n}`, `Widget ${n} body.`);
      await world.indexed();
    }, 120_000);
    afterAll(() => world.api?.stop());

    describe('relevance', () => {
      it('ranks a topic with the words in its title above one that mentions them in its body', async () => {
        const found = await labels(world.customer, 'password', { filter: { types: ['TOPIC'] } });
        expect(found.slice(0, 2)).toEqual([
          'topic: Password reset email never arrives',
          'topic: Bank feed stopped syncing',
        ]);
      });

      it('ranks an accepted answer above the same words in another reply', async () => {
        const { hits } = await searchHits(world.customer, 'round each line', { filter: { types: ['POST'] } });
        expect(hits.map((hit) => (hit.__typename === 'PostHit' ? hit.post.id : null))).toEqual([
          ids.roundAccepted,
          ids.roundPlain,
        ]);
        const scores = hits.map((hit) => (hit.__typename === 'PostHit' ? hit.score : 0));
        expect(scores[0]).toBeGreaterThan(scores[1] ?? 0);
      });

      it('matches other forms of a word and a word being typed', async () => {
        expect(
          await labels(world.customer, capabilities.stemming ? 'syncs' : 'syncin', {
            filter: { types: ['TOPIC'] },
          }),
        ).toEqual(['topic: Bank feed stopped syncing']);
        expect(await labels(world.customer, 'invoice tot', { filter: { types: ['TOPIC'] } })).toEqual([
          'topic: Invoice totals look wrong',
        ]);
      });

      it('forgives typos in titles and names', async () => {
        const found = await labels(world.customer, 'pasword reset', { filter: { types: ['TOPIC'] } });
        expect(found[0]).toBe('topic: Password reset email never arrives');
        expect(await labels(world.customer, 'Dana Whitfeld', { filter: { types: ['PERSON'] } })).toEqual([
          'person: Dana Whitfield',
        ]);
      });

      it('takes quoted phrases and excluded words', async () => {
        expect(await labels(world.customer, '"bank connection"')).toEqual([
          'topic: Bank feed stopped syncing',
        ]);
        expect(await labels(world.customer, 'password -monday', { filter: { types: ['TOPIC'] } })).toEqual([
          'topic: Password reset email never arrives',
        ]);
      });
    });

    describe('highlighting', () => {
      it('marks the matched words in the title and cuts the body around them', async () => {
        const { hits } = await searchHits(world.customer, 'password', { filter: { types: ['TOPIC'] } });
        const first = hits[0];
        expect(first?.__typename).toBe('TopicHit');
        const title =
          first?.__typename === 'TopicHit' ? first.highlights.find((h) => h.field === 'TITLE') : undefined;
        expect(title?.snippet).toBe('<mark>Password</mark> reset email never arrives');
        const second = hits[1];
        const body =
          second?.__typename === 'TopicHit' ? second.highlights.find((h) => h.field === 'BODY') : undefined;
        expect(body?.snippet).toContain('<mark>password</mark>');
      });

      it('escapes what users wrote, so snippets are safe HTML', async () => {
        const { hits } = await searchHits(world.customer, 'exports', { filter: { types: ['TOPIC'] } });
        const snippets = hits.flatMap((hit) => (hit.__typename === 'TopicHit' ? hit.highlights : []));
        expect(snippets.length).toBeGreaterThan(0);
        for (const { snippet } of snippets) {
          expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
        }
        expect(snippets.map((s) => s.snippet).join(' ')).toContain('&lt;script&gt;');
      });
    });

    describe('filters and pages', () => {
      it('filters by type, category, tag, status, author kind and answered', async () => {
        const { customer } = world;
        expect(
          await labels(customer, 'invoice', { filter: { category: 'billing', types: ['TOPIC'] } }),
        ).toEqual(['topic: Invoice totals look wrong']);
        expect(await labels(customer, 'invoice', { filter: { category: 'banking' } })).toEqual([]);
        expect(await labels(customer, 'password', { filter: { tags: ['login'] } })).toEqual([
          'topic: Password reset email never arrives',
        ]);
        expect(
          await labels(customer, 'totals', { filter: { status: 'ANSWERED', types: ['TOPIC'] } }),
        ).toEqual(['topic: Invoice totals look wrong']);
        expect(await labels(customer, 'password', { filter: { status: 'ANSWERED' } })).toEqual([]);
        expect(await labels(customer, 'round line', { filter: { authorKind: 'EMPLOYEE' } })).toEqual([
          'post: Round each line before adding the totals.',
        ]);
        expect(await labels(customer, 'password', { filter: { answered: true } })).toEqual([]);
        expect(
          await labels(customer, 'password', { filter: { answered: false, types: ['TOPIC'] } }),
        ).toHaveLength(2);
      });

      it('pages through results without repeats or gaps', async () => {
        const seen: string[] = [];
        let after: string | null | undefined = null;
        for (let page = 0; page < 5; page++) {
          const result = await searchHits(world.customer, 'pagination widget', { first: 10, after });
          seen.push(...result.hits.map(hitLabel));
          after = result.endCursor;
          if (!result.hasNextPage) break;
        }
        expect(seen).toHaveLength(25);
        expect(new Set(seen).size).toBe(25);
      });
    });

    describe('people and suggestions', () => {
      it('finds employees by name, expertise and department, never customers', async () => {
        expect(await labels(world.customer, 'whitfield')).toEqual(['person: Dana Whitfield']);
        expect(await labels(world.customer, 'rossi')).toEqual([]);
        await world.employee.data(UpdateEmployeeProfile, { input: { expertise: ['kubernetes', 'billing'] } });
        await world.indexed();
        expect(await labels(world.customer, 'kubernetes')).toEqual(['person: Dana Whitfield']);
      });

      it('suggests titles and names as they are typed', async () => {
        const result = await world.api.anonymous.data(Suggestions, { prefix: 'passw' });
        expect(result.searchSuggestions.__typename).toBe('QuerySearchSuggestionsSuccess');
        if (result.searchSuggestions.__typename !== 'QuerySearchSuggestionsSuccess') return;
        expect(result.searchSuggestions.data[0]?.text).toBe('Password reset email never arrives');
        expect(result.searchSuggestions.data[0]?.highlighted).toContain('<mark>');
        const people = await world.api.anonymous.data(Suggestions, { prefix: 'dana whit' });
        expect(
          people.searchSuggestions.__typename === 'QuerySearchSuggestionsSuccess' &&
            people.searchSuggestions.data.map((s) => s.person?.handle),
        ).toEqual(['dana']);
      });

      it('finds similar topics for a new title', async () => {
        const result = await world.api.anonymous.data(SimilarTopics, {
          title: 'Reset password mail not arriving',
        });
        expect(result.similarTopics.__typename).toBe('QuerySimilarTopicsSuccess');
        if (result.similarTopics.__typename !== 'QuerySimilarTopicsSuccess') return;
        expect(result.similarTopics.data[0]?.topic.title).toBe('Password reset email never arrives');
      });
    });

    describe('visibility', () => {
      const roles = ['anonymous', 'customer', 'moderator', 'employee', 'admin'] as const;
      const actorFor = (role: (typeof roles)[number]) =>
        role === 'anonymous' ? world.api.anonymous : world[role];

      it.each([
        // query, who finds it
        ['zebracorn', ['employee', 'admin']],
        ['quokka', ['moderator', 'employee', 'admin']],
        ['wombat', ['moderator', 'employee', 'admin']],
        ['platypus', []],
      ] as const)('"%s" is found by %j only', async (query, allowed) => {
        for (const role of roles) {
          const found = await labels(actorFor(role), query);
          expect(found.length > 0, `${role} searching "${query}": ${JSON.stringify(found)}`).toBe(
            (allowed as readonly string[]).includes(role),
          );
        }
      });

      it('never puts an internal note into its topic’s document', async () => {
        expect(await labels(world.employee, 'zebracorn', { filter: { types: ['TOPIC'] } })).toEqual([]);
        const result = await searchHits(world.employee, 'zebracorn');
        expect(result.hits[0]?.__typename === 'PostHit' && result.hits[0].post.internal).toBe(true);
      });

      it('keeps hidden topics out of suggestions and similar topics for customers', async () => {
        for (const actor of [world.api.anonymous, world.customer]) {
          const suggested = await actor.data(Suggestions, { prefix: 'quokka' });
          expect(suggested.searchSuggestions).toEqual({
            __typename: 'QuerySearchSuggestionsSuccess',
            data: [],
          });
          const similar = await actor.data(SimilarTopics, { title: 'Selling quokka coupons' });
          expect(
            similar.similarTopics.__typename === 'QuerySimilarTopicsSuccess' &&
              similar.similarTopics.data.map((hit) => hit.topic.title),
          ).not.toContain('Selling quokka coupons');
        }
        const forModerator = await world.moderator.data(Suggestions, { prefix: 'quokka' });
        expect(
          forModerator.searchSuggestions.__typename === 'QuerySearchSuggestionsSuccess' &&
            forModerator.searchSuggestions.data.length,
        ).toBe(1);
      });
    });

    describe('the outbox', () => {
      it('catches up after the indexer was stopped, and writes never waited for it', async () => {
        const { indexer } = world.api.app.search;
        await indexer.stop();
        try {
          const id = await topic(world.customer, 'Narwhal export crashes', 'Every narwhal export crashes.');
          await world.customer.data(EditTopic, {
            input: { topicId: idOf('feed'), title: 'Bank feed stopped syncing narwhals' },
          });
          expect(id).toBeTruthy();
          expect(await labels(world.customer, 'narwhal')).toEqual([]);
          expect(await indexer.pending()).toBeGreaterThan(0);
        } finally {
          indexer.start();
        }
        await world.indexed();
        expect(await indexer.pending()).toBe(0);
        expect(await labels(world.customer, 'narwhal', { filter: { types: ['TOPIC'] } })).toEqual([
          'topic: Narwhal export crashes',
          'topic: Bank feed stopped syncing narwhals',
        ]);
      });

      it('rebuilds to exactly what was built incrementally', async () => {
        const queries = [
          'password',
          'round line',
          'zebracorn',
          'quokka',
          'whitfield',
          'pagination widget',
          'narwhal',
        ];
        const snapshot = async () => {
          const results: string[][] = [];
          for (const actor of [world.api.anonymous, world.employee, world.moderator])
            for (const query of queries) results.push(await labels(actor, query, { first: 50 }));
          return results;
        };
        const incremental = await snapshot();
        const { reindex } = await import('../../src/search/reindex.ts');
        const report = await reindex(world.api.app.database.sql, world.api.app.search.engine);
        expect(report.documents).toBeGreaterThan(30);
        expect(await snapshot()).toEqual(incremental);
      });
    });
  });
}
