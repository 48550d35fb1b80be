import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { apiUrl } from '../env.ts';
import './globals.css';

/** The API server serves the feeds; feed readers discover them from every page. */
const feed = (path: string) => new URL(path, apiUrl).toString();

export const metadata: Metadata = {
  title: { default: 'Tallybook Community', template: '%s · Tallybook Community' },
  description: 'Ask, share ideas and get answers from the people who build Tallybook.',
  alternates: {
    types: {
      'application/rss+xml': [{ url: feed('/feeds/latest.rss'), title: 'Latest topics (RSS)' }],
      'application/atom+xml': [{ url: feed('/feeds/latest.atom'), title: 'Latest topics (Atom)' }],
    },
  },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <a className="brand" href="/">
            Tallybook <span>Community</span>
          </a>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
