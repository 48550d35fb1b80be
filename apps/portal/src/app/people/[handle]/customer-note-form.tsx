'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useClient } from '../../../lib/browser-client.ts';
import { FailureAlert, FieldError, useFormAction } from '../../../lib/form-action.tsx';
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
  const { busy, failure, run } = useFormAction();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const payload = await run(async () => {
      const result = await client.mutation(AddCustomerNote, { input: { personId, body } }).toPromise();
      return { error: result.error, payload: result.data?.addCustomerNote };
    });
    if (payload && 'data' in payload) {
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
          aria-describedby={failure?.fields.body ? 'customer-note-error' : undefined}
        />
        <FieldError id="customer-note-error" failure={failure} field="body" />
      </div>
      <FailureAlert failure={failure} />
      <button type="submit" className="button" disabled={busy}>
        Save note
      </button>
    </form>
  );
}
