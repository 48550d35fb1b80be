'use client';

import { useState } from 'react';
import { useClient } from '../lib/browser-client.ts';
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
        window.location.assign('/');
      }}
    >
      Sign out
    </button>
  );
}
