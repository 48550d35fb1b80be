'use client';

import { useClient } from '../../../../lib/browser-client.ts';
import { useFormAction } from '../../../../lib/form-action.tsx';
import { EscalationTools } from './escalation-tools.tsx';
import { IdeaStatusForm } from './idea-status-form.tsx';
import { MergeTools } from './merge-tools.tsx';
import { MoveTopicForm } from './move-topic-form.tsx';
import type { TopicUpdate, VoiceTopic } from './topic-query.ts';
import { MarkProblemFixed } from './voice-mutations.ts';

/**
 * The team's tools for a topic: ideas' status, escalation, "fixed" for problems (employees),
 * moving, merging and linking (moderators too). Loaded on demand: customers never download it.
 */
export function StaffTools({
  topic,
  viewerId,
  isEmployee,
  onTopic,
}: {
  topic: VoiceTopic;
  viewerId: string;
  isEmployee: boolean;
  onTopic: (topic: TopicUpdate) => void;
}) {
  if (topic.mergedInto) return null;
  return (
    <section className="card staff-tools" aria-labelledby="staff-tools-heading">
      <h2 id="staff-tools-heading">Team tools</h2>
      <div className="staff-grid">
        {isEmployee && topic.kind === 'IDEA' && (
          <IdeaStatusForm topicId={topic.id} current={topic.ideaStatus} onTopic={onTopic} />
        )}
        {isEmployee && topic.kind === 'PROBLEM' && <MarkFixed topic={topic} onTopic={onTopic} />}
        {isEmployee && (
          <EscalationTools
            topicId={topic.id}
            escalation={topic.escalation}
            viewerId={viewerId}
            onTopic={onTopic}
          />
        )}
        {topic.canModerate && (
          <MoveTopicForm topicId={topic.id} category={topic.category.slug} onTopic={onTopic} />
        )}
        {topic.canModerate && <MergeTools topicId={topic.id} onTopic={onTopic} />}
      </div>
    </section>
  );
}

function MarkFixed({ topic, onTopic }: { topic: VoiceTopic; onTopic: (topic: TopicUpdate) => void }) {
  const client = useClient();
  const { busy, failure, run } = useFormAction();
  const markFixed = async () => {
    const payload = await run(async () => {
      const result = await client.mutation(MarkProblemFixed, { topicId: topic.id }).toPromise();
      return { error: result.error, payload: result.data?.markProblemFixed };
    });
    if (payload && 'data' in payload) onTopic(payload.data);
  };
  const pending = topic.checkIn && !topic.checkIn.answeredAt;
  return (
    <div className="staff-form">
      <h3>Problem fixed?</h3>
      {pending && topic.checkIn ? (
        <p className="hint">
          Marked fixed. The author is asked “Still happening?” on{' '}
          {new Date(topic.checkIn.dueAt).toLocaleDateString('en-GB', {
            dateStyle: 'medium',
            timeZone: 'UTC',
          })}
          .
        </p>
      ) : (
        <p className="hint">Marks the topic answered; the author is asked “Still happening?” in 30 days.</p>
      )}
      <button type="button" className="button button-secondary" disabled={busy} onClick={markFixed}>
        Mark fixed
      </button>
      {failure && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
    </div>
  );
}
