import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tallybook Community', template: '%s · Tallybook Community' },
  description: 'Ask, share ideas and get answers from the people who build Tallybook.',
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
