'use client';

import { useState } from 'react';
import { useClient } from '../../../../lib/browser-client.ts';
import { FailureAlert, FieldError, useFormAction } from '../../../../lib/form-action.tsx';
import { type IdeaStatusName, ideaStatuses, ideaStatusLabel } from '../../../../lib/idea-status.ts';
import type { TopicUpdate } from './topic-query.ts';
import { SetIdeaStatus } from './voice-mutations.ts';

/** Employees: move an idea on, with a public reason (and a release note link to ship it). */
export function IdeaStatusForm({
  topicId,
  current,
  onTopic,
}: {
  topicId: string;
  current: string | null;
  onTopic: (topic: TopicUpdate) => void;
}) {
  const client = useClient();
  const { busy, failure, run } = useFormAction();
  const [status, setStatus] = useState<IdeaStatusName>(
    ideaStatuses.find(([name]) => name !== (current ?? 'OPEN'))?.[0] ?? 'UNDER_REVIEW',
  );
  const [reason, setReason] = useState('');
  const [changelogUrl, setChangelogUrl] = useState('');
  const [done, setDone] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setDone(false);
    const payload = await run(async () => {
      const result = await client
        .mutation(SetIdeaStatus, {
          input: {
            topicId,
            status,
            reason,
            ...(status === 'SHIPPED' ? { changelogUrl: changelogUrl.trim() || null } : {}),
          },
        })
        .toPromise();
      return { error: result.error, payload: result.data?.setIdeaStatus };
    });
    if (payload && 'data' in payload) {
      onTopic(payload.data);
      setReason('');
      setChangelogUrl('');
      setDone(true);
    }
  };

  return (
    <form className="staff-form" onSubmit={submit} aria-labelledby="idea-form-heading">
      <h3 id="idea-form-heading">Change the idea's status</h3>
      <div className="field">
        <label htmlFor="idea-status">New status</label>
        <select
          id="idea-status"
          value={status}
          onChange={(event) => setStatus(event.target.value as IdeaStatusName)}
          aria-describedby={failure?.fields.status ? 'idea-status-error' : undefined}
        >
          {ideaStatuses.map(([name]) => (
            <option key={name} value={name}>
              {ideaStatusLabel(name)}
            </option>
          ))}
        </select>
        <FieldError id="idea-status-error" failure={failure} field="status" />
      </div>
      <div className="field">
        <label htmlFor="idea-reason">Public reason (at least 20 characters)</label>
        <textarea
          id="idea-reason"
          rows={3}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={Boolean(failure?.fields.reason)}
          aria-describedby={failure?.fields.reason ? 'idea-reason-error' : undefined}
          required
        />
        <FieldError id="idea-reason-error" failure={failure} field="reason" />
      </div>
      {status === 'SHIPPED' && (
        <div className="field">
          <label htmlFor="idea-changelog">Release note or changelog link</label>
          <input
            id="idea-changelog"
            type="url"
            value={changelogUrl}
            onChange={(event) => setChangelogUrl(event.target.value)}
            aria-invalid={Boolean(failure?.fields.changelogUrl)}
            aria-describedby={failure?.fields.changelogUrl ? 'idea-changelog-error' : undefined}
            placeholder="https://"
          />
          <FieldError id="idea-changelog-error" failure={failure} field="changelogUrl" />
        </div>
      )}
      <FailureAlert failure={failure} />
      <button type="submit" className="button" disabled={busy}>
        Change status
      </button>
      {done && (
        <p className="hint" role="status">
          Status changed. Everyone who voted, follows or took part is told.
        </p>
      )}
    </form>
  );
}
