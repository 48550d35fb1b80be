'use client';

import { type FormEvent, useState } from 'react';
import { useClient } from '../../lib/browser-client.ts';
import { graphql } from '../../lib/graphql.ts';
import { personPath } from '../../lib/links.ts';

const UpdateProfile = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      __typename
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);

export function SettingsForm({
  displayName,
  bio,
  handle,
}: {
  displayName: string;
  bio: string;
  handle: string;
}) {
  const client = useClient();
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const result = await client
      .mutation(UpdateProfile, {
        input: { displayName: String(form.get('displayName') ?? ''), bio: String(form.get('bio') ?? '') },
      })
      .toPromise();
    setBusy(false);
    const payload = result.data?.updateProfile;
    if (payload?.__typename === 'MutationUpdateProfileSuccess') setStatus({ ok: true, text: 'Saved.' });
    else if (payload && 'problems' in payload)
      setStatus({ ok: false, text: payload.problems.map((problem) => problem.message).join(' ') });
    else
      setStatus({ ok: false, text: payload && 'message' in payload ? payload.message : 'Could not save.' });
  };

  return (
    <form onSubmit={submit}>
      <div className="field">
        <label htmlFor="displayName">Your name</label>
        <input
          id="displayName"
          name="displayName"
          type="text"
          defaultValue={displayName}
          maxLength={80}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="bio">About you</label>
        <span className="hint" id="bio-hint">
          Markdown, up to 2,000 characters. Shown on your profile.
        </span>
        <textarea
          id="bio"
          name="bio"
          rows={5}
          defaultValue={bio}
          maxLength={2000}
          aria-describedby="bio-hint"
        />
      </div>
      {status && (
        <p className={status.ok ? 'hint' : 'form-error'} role="status">
          {status.text}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>{' '}
      <a href={personPath(handle)}>View your profile</a>
    </form>
  );
}
