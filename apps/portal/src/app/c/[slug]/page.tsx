import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { LiveListening } from '../../../components/listening-figures.tsx';
import { LiveTopicList } from '../../../components/live-topic-list.tsx';
import { afterParam, PageLinks } from '../../../components/page-links.tsx';
import { feedAlternates } from '../../../lib/feeds.ts';
import { ListeningFields, TopicRowFields } from '../../../lib/fragments.ts';
import { graphql } from '../../../lib/graphql.ts';
import { serverQuery } from '../../../lib/server-client.ts';

export const dynamic = 'force-dynamic';

const CategoryQuery = graphql(
  `
  query CategoryPage($filter: TopicFilter!, $orderBy: TopicOrder!, $after: String) {
    categories { slug name description topicCount listening { ...ListeningFields } }
    topics(first: 30, after: $after, filter: $filter, orderBy: $orderBy) {
      edges { node { ...TopicRowFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
`,
  [TopicRowFields, ListeningFields],
);

const kinds = ['QUESTION', 'PROBLEM', 'IDEA', 'PRAISE', 'DISCUSSION'] as const;
const statuses = ['OPEN', 'ANSWERED', 'CLOSED'] as const;
const orders = {
  LATEST: 'Newest',
  ACTIVE: 'Recently active',
  TOP: 'Most votes',
  OLDEST_AWAITING: 'Waiting longest',
};
type Order = keyof typeof orders;
type Search = {
  kind?: string;
  status?: string;
  tag?: string;
  waiting?: string;
  sort?: string;
  after?: string;
};

const pick = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  allowed.find((each) => each === value);

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return {
    title: slug.replaceAll('-', ' '),
    alternates: {
      canonical: `/c/${slug}`,
      types: feedAlternates(`/feeds/category/${encodeURIComponent(slug)}`, 'Topics in this category'),
    },
  };
}

export default async function CategoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Search>;
}) {
  const [{ slug }, search] = await Promise.all([params, searchParams]);
  const kind = pick(search.kind, kinds);
  const status = pick(search.status, statuses);
  const sort = pick(search.sort, Object.keys(orders) as Order[]) ?? 'LATEST';
  const waiting = search.waiting === '1';
  const tag = search.tag?.trim() || undefined;
  const filter = {
    category: slug,
    ...(kind ? { kind } : {}),
    ...(status ? { status } : {}),
    ...(tag ? { tag } : {}),
    ...(waiting ? { awaitingEmployee: true } : {}),
  };
  const after = afterParam(search.after);
  const { after: _cursor, ...listQuery } = search;
  const firstPage = new URLSearchParams(listQuery as Record<string, string>).toString();
  // A cursor from an old link or a hand edit that the API refuses: start from the first page.
  const toFirstPage = () => redirect(`/c/${encodeURIComponent(slug)}${firstPage ? `?${firstPage}` : ''}`);
  if (search.after !== undefined && !after) toFirstPage();
  const data = await serverQuery(CategoryQuery, { filter, orderBy: sort, after }).catch((error: unknown) => {
    if (after) toFirstPage();
    throw error;
  });
  const category = data.categories.find((each) => each.slug === slug);
  if (!category) notFound();
  const topics = data.topics.edges.map((edge) => edge.node);
  const filtered = Boolean(kind || status || tag || waiting);

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Community</a> <span aria-hidden="true">›</span> {category.name}
      </nav>
      <div className="section-head">
        <h1>{category.name}</h1>
        <a className="button button-small" href={`/new?category=${category.slug}`}>
          Ask in {category.name}
        </a>
      </div>
      <p className="hint">
        {category.description} · {category.topicCount} topics
      </p>
      <dl className="figures figures-compact" aria-label={`How fast Tallybook answers in ${category.name}`}>
        <LiveListening initial={category.listening} category={category.slug} />
      </dl>
      <form className="filters card" method="get" aria-label="Filter topics">
        <EnumFilter name="kind" label="Kind" values={kinds} chosen={kind} />
        <EnumFilter name="status" label="Status" values={statuses} chosen={status} />
        <div className="field">
          <label htmlFor="tag">Tag</label>
          <input id="tag" name="tag" type="text" defaultValue={tag ?? ''} placeholder="e.g. vat" />
        </div>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={sort}>
            {Object.entries(orders).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="waiting" value="1" defaultChecked={waiting} /> Waiting for an employee
        </label>
        <button type="submit" className="button button-secondary">
          Apply
        </button>
      </form>
      <LiveTopicList
        key={JSON.stringify(search)}
        initial={topics}
        source={{ first: 30, after, orderBy: sort, filter }}
        category={category.slug}
        label={`Topics in ${category.name}`}
        emptyText={filtered ? 'No topics match these filters.' : 'No topics here yet. Start the first one!'}
        insertNew={!filtered && sort === 'LATEST' && !after}
      />
      <PageLinks
        path={`/c/${category.slug}`}
        query={listQuery}
        after={after}
        next={data.topics.pageInfo.hasNextPage ? data.topics.pageInfo.endCursor : null}
        label={sort === 'LATEST' ? 'Older topics' : 'More topics'}
      />
    </>
  );
}

/** A filter over one enum: "Any …" or one value, named as readers say it ("QUESTION" is "Question"). */
function EnumFilter({
  name,
  label,
  values,
  chosen,
}: {
  name: string;
  label: string;
  values: readonly string[];
  chosen: string | null | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={chosen ?? ''}>
        <option value="">Any {label.toLowerCase()}</option>
        {values.map((value) => (
          <option key={value} value={value}>
            {value.charAt(0) + value.slice(1).toLowerCase()}
          </option>
        ))}
      </select>
    </div>
  );
}
