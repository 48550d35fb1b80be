import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PrismaClient } from '@parley/prisma/client';
import { links } from '@parley/schema/links';
import { publicPosts } from '@parley/schema/visibility';
import type { RouteResponse } from '../http-routes.ts';
import { type Feed, type FeedItem, renderAtom, renderRss } from './render.ts';

/** Entries per feed: readers poll, so the newest are enough. */
const FEED_SIZE = 30;

const author = { select: { displayName: true, handle: true } } as const;

/**
 * RSS 2.0 and Atom feeds of public content only, whoever asks (feeds carry no credentials):
 * never a hidden topic, a hidden or deleted reply, or an internal note.
 *
 *   /feeds/latest.{rss,atom}             newest topics
 *   /feeds/category/<slug>.{rss,atom}    newest topics in a category
 *   /feeds/topic/<id>.{rss,atom}         a topic's newest public replies
 *   /feeds/employee/<handle>.{rss,atom}  an employee's newest public answers
 */
export function createFeedRoute(prisma: PrismaClient, publicUrl: string, apiUrl: () => string) {
  const base = publicUrl.replace(/\/$/, '');

  async function build(kind: string, key: string | undefined, self: string): Promise<Feed | null> {
    if (kind === 'latest' && key === undefined) {
      const topics = await prisma.topic.findMany({
        where: { hidden: false },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: FEED_SIZE,
        include: { author, category: { select: { name: true } } },
      });
      return {
        id: `${base}/`,
        title: 'Parley: latest topics',
        description: 'The newest questions, problems and ideas from the community.',
        link: `${base}/`,
        self,
        items: topics.map(topicItem),
        updated: newest(topics.map(topicItem), new Date(0)),
      };
    }
    if (kind === 'category' && key) {
      const category = await prisma.category.findUnique({ where: { slug: key } });
      if (!category) return null;
      const topics = await prisma.topic.findMany({
        where: { hidden: false, categoryId: category.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: FEED_SIZE,
        include: { author, category: { select: { name: true } } },
      });
      const items = topics.map(topicItem);
      return {
        id: links.category(base, category.slug),
        title: `Parley: ${category.name}`,
        description: category.description || `The newest topics in ${category.name}.`,
        link: links.category(base, category.slug),
        self,
        items,
        updated: newest(items, category.createdAt),
      };
    }
    if (kind === 'topic' && key && /^\d{1,9}$/.test(key)) {
      const topic = await prisma.topic.findFirst({ where: { id: Number(key), hidden: false } });
      if (!topic) return null;
      const posts = await prisma.post.findMany({
        where: { topicId: topic.id, ...publicPosts },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: FEED_SIZE,
        include: { author },
      });
      const items = posts.map(
        (post): FeedItem => ({
          id: links.post(base, topic, post.id),
          title: `${post.author.displayName} on “${topic.title}”`,
          link: links.post(base, topic, post.id),
          content: post.body,
          author: post.author.displayName,
          published: post.createdAt,
          updated: post.editedAt ?? post.createdAt,
        }),
      );
      return {
        id: links.topic(base, topic),
        title: `Parley: ${topic.title}`,
        description: `Replies to “${topic.title}”.`,
        link: links.topic(base, topic),
        self,
        items,
        updated: newest(items, topic.editedAt ?? topic.createdAt),
      };
    }
    if (kind === 'employee' && key) {
      const person = await prisma.user.findUnique({ where: { handle: key.toLowerCase() } });
      if (person?.kind !== 'EMPLOYEE') return null;
      const posts = await prisma.post.findMany({
        where: { authorId: person.id, ...publicPosts, topic: { hidden: false } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: FEED_SIZE,
        include: { topic: { select: { id: true, slug: true, title: true } } },
      });
      const items = posts.map(
        (post): FeedItem => ({
          id: links.post(base, post.topic, post.id),
          title: `Re: ${post.topic.title}`,
          link: links.post(base, post.topic, post.id),
          content: post.body,
          author: person.displayName,
          published: post.createdAt,
          updated: post.editedAt ?? post.createdAt,
        }),
      );
      return {
        id: links.person(base, person.handle),
        title: `Parley: answers by ${person.displayName}`,
        description: `Public answers by ${person.displayName}.`,
        link: links.person(base, person.handle),
        self,
        items,
        updated: newest(items, person.createdAt),
      };
    }
    return null;
  }

  function topicItem(topic: {
    id: number;
    slug: string;
    title: string;
    body: string;
    createdAt: Date;
    editedAt: Date | null;
    author: { displayName: string };
    category: { name: string };
  }): FeedItem {
    return {
      id: links.topic(base, topic),
      title: topic.title,
      link: links.topic(base, topic),
      content: topic.body,
      author: topic.author.displayName,
      category: topic.category.name,
      published: topic.createdAt,
      updated: topic.editedAt ?? topic.createdAt,
    };
  }

  return async (url: URL, request: IncomingMessage): Promise<RouteResponse> => {
    const match = /^\/feeds\/(?:(latest)|(category|topic|employee)\/([^/]+))\.(rss|atom)$/.exec(url.pathname);
    if (!match) return notFound();
    const kind = match[1] ?? match[2] ?? '';
    const key = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
    const format = match[4] as 'rss' | 'atom';
    // The address the reader used (behind a proxy, the one it forwarded), else the server's own.
    const forwardedHost = first(request.headers['x-forwarded-host']) ?? request.headers.host;
    const proto = first(request.headers['x-forwarded-proto']) === 'https' ? 'https' : 'http';
    const self = new URL(url.pathname, forwardedHost ? `${proto}://${forwardedHost}` : apiUrl()).toString();
    const feed = await build(kind, key, self);
    if (!feed) return notFound();
    const body = format === 'rss' ? renderRss(feed) : renderAtom(feed);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    // HTTP dates have whole seconds; compare at that precision.
    const lastModified = new Date(Math.floor(feed.updated.getTime() / 1000) * 1000);
    const headers = {
      'content-type': `application/${format === 'rss' ? 'rss' : 'atom'}+xml; charset=utf-8`,
      etag,
      'last-modified': lastModified.toUTCString(),
      'cache-control': 'public, max-age=60',
      'access-control-allow-origin': '*',
    };
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    // If-None-Match wins when both are sent (RFC 9110): a hidden entry changes the ETag, not the date.
    const unchanged = ifNoneMatch
      ? ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= lastModified.getTime();
    if (unchanged) return { status: 304, headers, body: '' };
    return { status: 200, headers, body };
  };
}

function first(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim() || undefined;
}

function newest(items: readonly FeedItem[], fallback: Date): Date {
  return items.reduce((latest, item) => (item.updated > latest ? item.updated : latest), fallback);
}

function notFound(): RouteResponse {
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'No such feed.\n' };
}
