import type { Metadata } from 'next';
import { notFound, permanentRedirect } from 'next/navigation';
import { cache } from 'react';
import { excerpt } from '../../../../lib/excerpt.ts';
import { feedAlternates } from '../../../../lib/feeds.ts';
import { topicNumber, topicPath } from '../../../../lib/links.ts';
import { renderMarkdown } from '../../../../lib/markdown.ts';
import { getViewer, serverQuery } from '../../../../lib/server-client.ts';
import { TopicPage } from './topic-query.ts';
import { TopicView } from './topic-view.tsx';

// Rendered per request, for the reader: employees see internal notes, moderators hidden replies.
export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string; slug?: string[] }>;

const loadTopic = cache(async (id: string) => {
  if (!/^\d{1,12}$/.test(id)) return null;
  return (await serverQuery(TopicPage, { id })).topic;
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { id } = await params;
  const topic = await loadTopic(id);
  if (!topic) return { title: 'Topic not found' };
  const description = excerpt(topic.body);
  const path = topicPath(topic);
  return {
    title: topic.title,
    description,
    alternates: {
      canonical: path,
      types: feedAlternates(`/feeds/topic/${topicNumber(topic.id)}`, 'Replies to this topic'),
    },
    openGraph: {
      type: 'article',
      title: topic.title,
      description,
      url: path,
      siteName: 'Tallybook Community',
    },
    twitter: { card: 'summary', title: topic.title, description },
    robots: topic.hidden ? { index: false } : undefined,
  };
}

export default async function TopicRoute({ params }: { params: Params }) {
  const { id, slug } = await params;
  const [topic, { viewer }] = await Promise.all([loadTopic(id), getViewer()]);
  if (!topic) notFound();
  // A duplicate merged away continues in another topic: its old address leads there.
  if (topic.mergedInto) permanentRedirect(topicPath(topic.mergedInto));
  if (slug?.length !== 1 || slug[0] !== topic.slug) permanentRedirect(topicPath(topic));
  const posts = topic.posts.edges.map(({ node }) => ({ ...node, html: renderMarkdown(node.body) }));
  return (
    <TopicView
      initial={topic}
      initialPosts={posts}
      initialBodyHtml={renderMarkdown(topic.body)}
      viewer={viewer}
    />
  );
}
