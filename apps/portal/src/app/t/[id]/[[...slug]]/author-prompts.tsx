'use client';

import { useClient } from '../../../../lib/browser-client.ts';
import { useFormAction } from '../../../../lib/form-action.tsx';
import type { TopicUpdate } from './topic-query.ts';
import { AnswerCheckIn, ConfirmResolution } from './voice-mutations.ts';

interface PromptProps {
  topicId: string;
  onTopic: (topic: TopicUpdate) => void;
}

/** One question to the author with two answers; `primary` is the answer the team hopes for. */
function YesNoPrompt({
  id,
  heading,
  text,
  yes,
  no,
  primary,
  send,
  onTopic,
}: {
  id: string;
  heading: string;
  text: string;
  yes: string;
  no: string;
  primary: 'yes' | 'no';
  send: (answer: boolean) => Promise<{ error?: unknown; payload?: object | null | undefined }>;
  onTopic: (topic: TopicUpdate) => void;
}) {
  const { busy, failure, run } = useFormAction();
  const answer = async (yesAnswer: boolean) => {
    const payload = await run(() => send(yesAnswer));
    if (payload && 'data' in payload) onTopic(payload.data as TopicUpdate);
  };
  const button = (value: boolean, label: string) => (
    <button
      type="button"
      className={value === (primary === 'yes') ? 'button' : 'button button-secondary'}
      disabled={busy}
      onClick={() => answer(value)}
    >
      {label}
    </button>
  );
  return (
    <section className="card prompt" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <p>{text}</p>
      <div className="prompt-actions">
        {button(true, yes)}
        {button(false, no)}
      </div>
      {failure && (
        <p className="form-error" role="alert">
          {failure.message}
        </p>
      )}
    </section>
  );
}

/** "Resolved for you?", for the topic's author (or a moderator) once the case is resolved. */
export function ResolutionPrompt({ topicId, onTopic }: PromptProps) {
  const client = useClient();
  return (
    <YesNoPrompt
      id="resolution-prompt-heading"
      heading="Resolved for you?"
      text="The team says this is resolved. Tell them whether it is for you."
      yes="Yes, it is resolved"
      no="No, not yet"
      primary="yes"
      send={async (resolved) => {
        const result = await client.mutation(ConfirmResolution, { topicId, resolved }).toPromise();
        return { error: result.error, payload: result.data?.confirmResolution };
      }}
      onTopic={onTopic}
    />
  );
}

/** "Still happening?", for the author, some time after the team marked the problem fixed. */
export function CheckInPrompt({ topicId, onTopic }: PromptProps) {
  const client = useClient();
  return (
    <YesNoPrompt
      id="check-in-heading"
      heading="Still happening?"
      text="The team marked this fixed a while ago. Is it still happening for you?"
      yes="Yes, still happening"
      no="No, it is fixed"
      primary="no"
      send={async (stillHappening) => {
        const result = await client.mutation(AnswerCheckIn, { topicId, stillHappening }).toPromise();
        return { error: result.error, payload: result.data?.answerCheckIn };
      }}
      onTopic={onTopic}
    />
  );
}
