import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { LiveProvider } from '../components/live-provider.tsx';
import { NotificationBadge } from '../components/notification-badge.tsx';
import { Avatar } from '../components/person.tsx';
import { SignOutButton } from '../components/sign-out-button.tsx';
import { publicApiUrl, publicUrl } from '../env.ts';
import { feedAlternates, feedUrl } from '../lib/feeds.ts';
import { personPath } from '../lib/links.ts';
import { getViewer } from '../lib/server-client.ts';
import './globals.css';

export const metadata: Metadata = {
  metadataBase: new URL(publicUrl),
  title: { default: 'Tallybook Community', template: '%s · Tallybook Community' },
  description: 'Ask, share ideas and get answers from the people who build Tallybook.',
  alternates: { types: feedAlternates('/feeds/latest', 'Latest topics') },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#1d4ed8' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { viewer, unread } = await getViewer();
  const socketUrl = publicApiUrl.replace(/^http/, 'ws');
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <LiveProvider socketUrl={socketUrl}>
          <header className="site-header">
            <div className="site-header-inner">
              <a className="brand" href="/">
                <span className="brand-mark" aria-hidden="true">
                  T
                </span>
                Tallybook <span>Community</span>
              </a>
              <nav aria-label="Main" className="main-nav">
                <a className="nav-link" href="/search">
                  <svg className="narrow-only" aria-hidden="true" width="20" height="20" viewBox="0 0 24 24">
                    <path
                      fill="currentColor"
                      d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z"
                    />
                  </svg>
                  <span className="narrow-hidden">Search</span>
                </a>
                <a className="nav-link" href="/roadmap">
                  Roadmap
                </a>
                <a className="nav-link" href="/people">
                  People
                </a>
                {viewer?.kind === 'EMPLOYEE' && (
                  <a className="nav-link" href="/inbox">
                    Inbox
                  </a>
                )}
                {viewer ? (
                  <>
                    <NotificationBadge initial={unread} />
                    <a className="nav-link nav-me" href={personPath(viewer.person.handle)}>
                      <Avatar
                        person={{ ...viewer.person, isEmployee: viewer.kind === 'EMPLOYEE' }}
                        size={28}
                      />
                      <span className="visually-hidden">Your profile: </span>
                      <span className="nav-me-name">{viewer.person.displayName}</span>
                    </a>
                    <SignOutButton />
                  </>
                ) : (
                  <>
                    <a className="nav-link" href="/sign-in">
                      Sign in
                    </a>
                    <a className="button button-small" href="/sign-up">
                      Join
                    </a>
                  </>
                )}
                <a className="button button-small nav-ask" href="/new">
                  Ask<span className="narrow-hidden"> the community</span>
                </a>
              </nav>
            </div>
          </header>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
          <footer className="site-footer">
            <p>
              Tallybook Community: customers ask, the people who build Tallybook answer.{' '}
              <a href={feedUrl('/feeds/latest.rss')}>RSS feed</a>
            </p>
          </footer>
        </LiveProvider>
      </body>
    </html>
  );
}
