import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { graphql } from '../../lib/graphql.ts';
import { getViewer, serverQuery } from '../../lib/server-client.ts';
import { NewTopicForm } from './new-topic-form.tsx';

export const metadata: Metadata = { title: 'Ask the community', robots: { index: false } };
export const dynamic = 'force-dynamic';

const Categories = graphql(`
  query NewTopicCategories { categories { slug name description } }
`);

export default async function NewTopicPage({
  searchParams,
}: {
  searchParams: Promise<{ category?: string }>;
}) {
  const { viewer } = await getViewer();
  if (!viewer) redirect('/sign-in?next=/new');
  const [{ categories }, { category }] = await Promise.all([serverQuery(Categories, {}), searchParams]);
  return (
    <section className="card" aria-labelledby="new-heading" style={{ maxWidth: '46rem', margin: '0 auto' }}>
      <h1 id="new-heading">Ask the community</h1>
      <p className="hint">Customers and the people who build Tallybook read every new topic.</p>
      <NewTopicForm categories={categories} initialCategory={category} personId={viewer.person.id} />
    </section>
  );
}
