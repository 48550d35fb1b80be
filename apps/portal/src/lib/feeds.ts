import type { Metadata } from 'next';
import { apiUrl } from '../env.ts';

/** The API server serves the feeds (docs/api.md, Feeds); readers discover them from the pages. */
export const feedUrl = (path: string) => new URL(path, apiUrl).toString();

/**
 * `<link rel="alternate">` for one feed in both formats, e.g. `feedAlternates('/feeds/topic/12',
 * 'Replies')`. A page's `alternates` replace the layout's, so each page names its own feeds.
 */
export function feedAlternates(base: string, title: string): NonNullable<Metadata['alternates']>['types'] {
  return {
    'application/rss+xml': [{ url: feedUrl(`${base}.rss`), title: `${title} (RSS)` }],
    'application/atom+xml': [{ url: feedUrl(`${base}.atom`), title: `${title} (Atom)` }],
  };
}
