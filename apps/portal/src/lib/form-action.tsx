'use client';

import { useCallback, useState } from 'react';

/** What went wrong with a mutation: its message, and per input field (`reason`, …) the problem. */
export interface ActionFailure {
  message: string;
  fields: Record<string, string>;
}

const unexpected: ActionFailure = { message: 'Something went wrong. Please try again.', fields: {} };

/** The typed failure in a mutation's answer (any `Error`), or null for a success. */
function failureOf(payload: object): ActionFailure | null {
  if (!('message' in payload) || typeof payload.message !== 'string') return null;
  const fields: Record<string, string> = {};
  if ('problems' in payload && Array.isArray(payload.problems)) {
    for (const problem of payload.problems as Array<{ field: string; message: string }>) {
      fields[problem.field.replace(/^input\./, '')] = problem.message;
    }
  }
  if ('field' in payload && typeof payload.field === 'string') {
    fields[payload.field.replace(/^input\./, '')] = payload.message;
  }
  return { message: payload.message, fields };
}

/**
 * Runs one mutation at a time for a form: `busy` while it runs, then its typed failure (shown
 * inline by field) or, on success, the answer.
 */
export function useFormAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const run = useCallback(
    async <Payload extends object>(
      execute: () => Promise<{ error?: unknown; payload?: Payload | null | undefined }>,
    ): Promise<Payload | null> => {
      setBusy(true);
      setFailure(null);
      try {
        const { error, payload } = await execute();
        if (error || !payload) {
          setFailure(unexpected);
          return null;
        }
        const failed = failureOf(payload);
        setFailure(failed);
        return failed ? null : payload;
      } catch {
        setFailure(unexpected);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, failure, run };
}

/** The inline message for one field, tied to its input by id. */
export function FieldError({
  id,
  failure,
  field,
}: {
  id: string;
  failure: ActionFailure | null;
  field: string;
}) {
  const message = failure?.fields[field];
  if (!message) return null;
  return (
    <p className="form-error" id={id}>
      {message}
    </p>
  );
}

/**
 * Announces a failure: the message when no field is to blame; when fields are (their messages
 * show by each input), the same messages once more for screen readers only.
 */
export function FailureAlert({ failure }: { failure: ActionFailure | null }) {
  if (!failure) return null;
  const byField = Object.values(failure.fields);
  if (byField.length === 0) {
    return (
      <p className="form-error" role="alert">
        {failure.message}
      </p>
    );
  }
  return (
    <p className="visually-hidden" role="alert">
      {byField.join(' ')}
    </p>
  );
}
