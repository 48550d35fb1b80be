'use client';

import { useClient } from '../../../../lib/browser-client.ts';
import { useTopicAction } from './topic-action.tsx';
import type { TopicUpdate } from './topic-query.ts';
import { AnswerCheckIn, ConfirmResolution } from './voice-mutations.ts';

interface PromptProps {
  topicId: string;
  onTopic: (topic: TopicUpdate) => void;
}

/** "Resolved for you?", for the topic's author (or a moderator) once the case is resolved. */
export function ResolutionPrompt({ topicId, onTopic }: PromptProps) {
  const client = useClient();
  const { busy, failure, run } = useTopicAction();
  const answer = async (resolved: boolean) => {
    const payload = await run(async () => {
      const result = await client.mutation(ConfirmResolution, { topicId, resolved }).toPromise();
      return { error: result.error, payload: result.data?.confirmResolution };
    });
    if (payload && 'data' in payload) onTopic(payload.data);
  };
  return (
    <section className="card prompt" aria-labelledby="resolution-prompt-heading">
      <h2 id="resolution-prompt-heading">Resolved for you?</h2>
      <p>The team says this is resolved. Tell them whether it is for you.</p>
      <div className="prompt-actions">
        <button type="button" className="button" disabled={busy} onClick={() => answer(true)}>
          Yes, it is resolved
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => answer(false)}
        >
          No, not yet
        </button>
      </div>
      {failure && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
    </section>
  );
}

/** "Still happening?", for the author, some time after the team marked the problem fixed. */
export function CheckInPrompt({ topicId, onTopic }: PromptProps) {
  const client = useClient();
  const { busy, failure, run } = useTopicAction();
  const answer = async (stillHappening: boolean) => {
    const payload = await run(async () => {
      const result = await client.mutation(AnswerCheckIn, { topicId, stillHappening }).toPromise();
      return { error: result.error, payload: result.data?.answerCheckIn };
    });
    if (payload && 'data' in payload) onTopic(payload.data);
  };
  return (
    <section className="card prompt" aria-labelledby="check-in-heading">
      <h2 id="check-in-heading">Still happening?</h2>
      <p>The team marked this fixed a while ago. Is it still happening for you?</p>
      <div className="prompt-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => answer(true)}
        >
          Yes, still happening
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => answer(false)}>
          No, it is fixed
        </button>
      </div>
      {failure && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
    </section>
  );
}
