'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useClient } from '../../../lib/browser-client.ts';
import { graphql } from '../../../lib/graphql.ts';

const AddCustomerNote = graphql(`
  mutation AddCustomerNote($input: AddCustomerNoteInput!) {
    addCustomerNote(input: $input) {
      __typename
      ... on MutationAddCustomerNoteSuccess { data { createdAt } }
      ... on ValidationError { message problems { field message } }
      ... on Error { message }
    }
  }
`);

/** Employees: a private note about this customer, for colleagues only. */
export function CustomerNoteForm({ personId }: { personId: string }) {
  const client = useClient();
  const router = useRouter();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await client.mutation(AddCustomerNote, { input: { personId, body } }).toPromise();
    setBusy(false);
    const payload = result.data?.addCustomerNote;
    if (result.error || !payload) setError('Something went wrong. Please try again.');
    else if ('problems' in payload) setError(payload.problems.map((problem) => problem.message).join(' '));
    else if ('message' in payload) setError(payload.message);
    else if ('data' in payload) {
      setBody('');
      router.refresh();
    }
  };
  return (
    <form className="staff-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="customer-note">Add a private note (employees only)</label>
        <textarea
          id="customer-note"
          rows={3}
          value={body}
          onChange={(event) => setBody(event.target.value)}
          required
        />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        Save note
      </button>
    </form>
  );
}
