'use client';

import { useState } from 'react';
import { useClient } from '../lib/browser-client.ts';
import { clearDrafts } from '../lib/drafts.ts';
import { graphql } from '../lib/graphql.ts';

const SignOut = graphql(`
  mutation SignOut { signOut { __typename } }
`);

export function SignOutButton() {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="nav-button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await client.mutation(SignOut, {}).toPromise();
        clearDrafts();
        window.location.assign('/');
      }}
    >
      {/* On a phone an icon, so the signed-in header keeps to two rows; the name stays for readers. */}
      <svg className="narrow-only" aria-hidden="true" width="20" height="20" viewBox="0 0 24 24">
        <path
          fill="currentColor"
          d="M10 3h9a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-9v-2h9V5h-9V3Zm1.6 4.4L16.2 12l-4.6 4.6-1.4-1.4 2.2-2.2H3v-2h9.4l-2.2-2.2 1.4-1.4Z"
        />
      </svg>
      <span className="narrow-hidden">Sign out</span>
    </button>
  );
}
