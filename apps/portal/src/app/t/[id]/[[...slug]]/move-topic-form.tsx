'use client';

import { type FormEvent, useState } from 'react';
import { useClient, useQuery } from '../../../../lib/browser-client.ts';
import { FailureAlert, useFormAction } from '../../../../lib/form-action.tsx';
import { CategoryChoices, MoveTopic } from './edit-mutations.ts';
import type { TopicUpdate } from './topic-query.ts';

/** Moderators and employees: move the topic to another category. */
export function MoveTopicForm({
  topicId,
  category,
  onTopic,
}: {
  topicId: string;
  /** The topic's category now, by slug. */
  category: string;
  onTopic: (topic: TopicUpdate) => void;
}) {
  const client = useClient();
  const [{ data }] = useQuery({ query: CategoryChoices });
  const { busy, failure, run } = useFormAction();
  const [target, setTarget] = useState('');
  const [moved, setMoved] = useState<string | null>(null);
  const choices = data?.categories.filter((each) => each.slug !== category) ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    setMoved(null);
    const payload = await run(async () => {
      const result = await client.mutation(MoveTopic, { topicId, category: target }).toPromise();
      return { error: result.error, payload: result.data?.moveTopic };
    });
    if (payload && 'data' in payload) {
      onTopic(payload.data);
      setMoved(payload.data.category.name);
      setTarget('');
    }
  };

  return (
    <form className="staff-form" onSubmit={submit} aria-labelledby="move-heading">
      <h3 id="move-heading">Move to another category</h3>
      <div className="field">
        <label htmlFor="move-category">New category</label>
        <select
          id="move-category"
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          required
        >
          <option value="">Choose a category…</option>
          {choices.map((choice) => (
            <option key={choice.slug} value={choice.slug}>
              {choice.name}
            </option>
          ))}
        </select>
      </div>
      <FailureAlert failure={failure} />
      <button type="submit" className="button button-secondary" disabled={busy || !target}>
        Move
      </button>
      {moved && (
        <p className="hint" role="status">
          Moved to {moved}.
        </p>
      )}
    </form>
  );
}
