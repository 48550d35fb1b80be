'use client';

import { useState } from 'react';
import { useClient, useQuery } from '../../../../lib/browser-client.ts';
import { FieldError, useFormAction } from '../../../../lib/form-action.tsx';
import type { TopicUpdate, VoiceData } from './topic-query.ts';
import { Employees, EscalateTopic, ResolveEscalation, UpdateEscalation } from './voice-mutations.ts';

interface Props {
  topicId: string;
  escalation: VoiceData['escalation'];
  viewerId: string;
  onTopic: (topic: TopicUpdate) => void;
}

/** Employees: hand the topic to a case, move it on, hand it over, resolve it in public. */
export function EscalationTools({ topicId, escalation, viewerId, onTopic }: Props) {
  const client = useClient();
  const [{ data: team }] = useQuery({ query: Employees });
  const employees = team?.people.edges.map((edge) => edge.node) ?? [];
  const { busy, failure, run } = useFormAction();
  const [caseReference, setCaseReference] = useState('');
  const [owner, setOwner] = useState(escalation?.owner.id ?? viewerId);
  const [status, setStatus] = useState<'OPEN' | 'IN_PROGRESS'>(
    escalation?.status === 'OPEN' ? 'OPEN' : 'IN_PROGRESS',
  );
  const [summary, setSummary] = useState('');

  const escalate = async (event: React.FormEvent) => {
    event.preventDefault();
    const payload = await run(async () => {
      const result = await client
        .mutation(EscalateTopic, { input: { topicId, caseReference, owner } })
        .toPromise();
      return { error: result.error, payload: result.data?.escalateTopic };
    });
    if (payload && 'data' in payload) onTopic(payload.data);
  };
  const update = async (event: React.FormEvent) => {
    event.preventDefault();
    const payload = await run(async () => {
      const result = await client
        .mutation(UpdateEscalation, { input: { topicId, status, owner } })
        .toPromise();
      return { error: result.error, payload: result.data?.updateEscalation };
    });
    if (payload && 'data' in payload) onTopic(payload.data);
  };
  const resolve = async (event: React.FormEvent) => {
    event.preventDefault();
    const payload = await run(async () => {
      const result = await client.mutation(ResolveEscalation, { input: { topicId, summary } }).toPromise();
      return { error: result.error, payload: result.data?.resolveEscalation };
    });
    if (payload && 'data' in payload) onTopic(payload.data);
  };

  const ownerField = (
    <div className="field">
      <label htmlFor="escalation-owner">Owner</label>
      <select id="escalation-owner" value={owner} onChange={(event) => setOwner(event.target.value)}>
        {!employees.some((person) => person.id === owner) && <option value={owner}>Current owner</option>}
        {employees.map((person) => (
          <option key={person.id} value={person.id}>
            {person.displayName}
            {person.department ? ` (${person.department.name})` : ''}
          </option>
        ))}
      </select>
      <FieldError id="escalation-owner-error" failure={failure} field="owner" />
    </div>
  );
  const formError = failure && (
    <p className="form-error" role="alert">
      {Object.values(failure.fields).join(' ') || failure.message}
    </p>
  );

  if (!escalation) {
    return (
      <form className="staff-form" onSubmit={escalate} aria-labelledby="escalate-heading">
        <h3 id="escalate-heading">Escalate to a case</h3>
        <div className="field">
          <label htmlFor="case-reference">Case reference (internal, employees only)</label>
          <input
            id="case-reference"
            type="text"
            value={caseReference}
            onChange={(event) => setCaseReference(event.target.value)}
            required
            maxLength={100}
          />
        </div>
        {ownerField}
        {formError}
        <button type="submit" className="button" disabled={busy}>
          Escalate
        </button>
      </form>
    );
  }
  if (escalation.status === 'RESOLVED') return null;
  return (
    <>
      <form className="staff-form" onSubmit={update} aria-labelledby="escalation-update-heading">
        <h3 id="escalation-update-heading">Update the escalation</h3>
        <div className="field">
          <label htmlFor="escalation-status">Public status</label>
          <select
            id="escalation-status"
            value={status}
            onChange={(event) => setStatus(event.target.value === 'OPEN' ? 'OPEN' : 'IN_PROGRESS')}
          >
            <option value="OPEN">Open</option>
            <option value="IN_PROGRESS">In progress</option>
          </select>
        </div>
        {ownerField}
        <button type="submit" className="button button-secondary" disabled={busy}>
          Update escalation
        </button>
      </form>
      <form className="staff-form" onSubmit={resolve} aria-labelledby="resolve-heading">
        <h3 id="resolve-heading">Resolve</h3>
        <div className="field">
          <label htmlFor="resolution-summary">What was done (public, at least 20 characters)</label>
          <textarea
            id="resolution-summary"
            rows={3}
            value={summary}
            onChange={(event) => setSummary(event.target.value)}
            required
          />
        </div>
        {formError}
        <button type="submit" className="button" disabled={busy}>
          Resolve and ask the author
        </button>
      </form>
    </>
  );
}
