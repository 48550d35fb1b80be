/** One entry of a feed, format-neutral. */
export interface FeedItem {
  /** Stable and unique: a tag URI, so a moved or renamed topic stays the same entry. */
  id: string;
  title: string;
  link: string;
  /** Plain text (Markdown as written). */
  content: string;
  author: string;
  category?: string;
  published: Date;
  updated: Date;
}

export interface Feed {
  id: string;
  title: string;
  description: string;
  /** The page this feed follows, in the portal. */
  link: string;
  /** This feed's own URL. */
  self: string;
  items: FeedItem[];
  /** When the newest entry changed; the HTTP Last-Modified. */
  updated: Date;
}

/** Characters XML 1.0 cannot carry at all, even escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The longest text an entry carries; readers link to the page for the rest. */
const CONTENT_MAX = 4_000;
const clip = (text: string) => (text.length > CONTENT_MAX ? `${text.slice(0, CONTENT_MAX)}…` : text);

export function renderRss(feed: Feed): string {
  const items = feed.items
    .map(
      (item) => `    <item>
      <title>${xml(item.title)}</title>
      <link>${xml(item.link)}</link>
      <guid isPermaLink="false">${xml(item.id)}</guid>
      <pubDate>${item.published.toUTCString()}</pubDate>
      <dc:creator>${xml(item.author)}</dc:creator>${item.category ? `\n      <category>${xml(item.category)}</category>` : ''}
      <description>${xml(clip(item.content))}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${xml(feed.title)}</title>
    <link>${xml(feed.link)}</link>
    <description>${xml(feed.description)}</description>
    <atom:link href="${xml(feed.self)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${feed.updated.toUTCString()}</lastBuildDate>
    <generator>Parley</generator>
${items}
  </channel>
</rss>
`;
}

export function renderAtom(feed: Feed): string {
  const entries = feed.items
    .map(
      (item) => `  <entry>
    <id>${xml(item.id)}</id>
    <title>${xml(item.title)}</title>
    <link rel="alternate" type="text/html" href="${xml(item.link)}"/>
    <published>${item.published.toISOString()}</published>
    <updated>${item.updated.toISOString()}</updated>
    <author><name>${xml(item.author)}</name></author>${item.category ? `\n    <category term="${xml(item.category)}"/>` : ''}
    <content type="text">${xml(clip(item.content))}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(feed.id)}</id>
  <title>${xml(feed.title)}</title>
  <subtitle>${xml(feed.description)}</subtitle>
  <link rel="alternate" type="text/html" href="${xml(feed.link)}"/>
  <link rel="self" type="application/atom+xml" href="${xml(feed.self)}"/>
  <updated>${feed.updated.toISOString()}</updated>
  <generator>Parley</generator>
${entries}
</feed>
`;
}
