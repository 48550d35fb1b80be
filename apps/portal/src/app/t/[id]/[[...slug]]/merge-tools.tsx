'use client';

import { useState } from 'react';
import { useClient } from '../../../../lib/browser-client.ts';
import { useFormAction } from '../../../../lib/form-action.tsx';
import { topicPath } from '../../../../lib/links.ts';
import type { TopicUpdate } from './topic-query.ts';
import { LinkTopics, MergeTopic } from './voice-mutations.ts';

/** A topic's global id from its number or any portal URL of it (`/t/42/slug`), else null. */
export function topicIdFrom(input: string): string | null {
  const number = /^\s*#?(\d{1,12})\s*$/.exec(input)?.[1] ?? /\/t\/(\d{1,12})(?:[/?#]|$)/.exec(input)?.[1];
  return number ? btoa(`Topic:${number}`) : null;
}

/** Moderators and employees: merge this topic into another, or link a related one. */
export function MergeTools({ topicId, onTopic }: { topicId: string; onTopic: (topic: TopicUpdate) => void }) {
  const client = useClient();
  const merge = useFormAction();
  const link = useFormAction();
  const [into, setInto] = useState('');
  const [related, setRelated] = useState('');
  const [unknown, setUnknown] = useState<'merge' | 'link' | null>(null);

  const submitMerge = async (event: React.FormEvent) => {
    event.preventDefault();
    const intoTopicId = topicIdFrom(into);
    setUnknown(intoTopicId ? null : 'merge');
    if (!intoTopicId) return;
    const payload = await merge.run(async () => {
      const result = await client.mutation(MergeTopic, { input: { topicId, intoTopicId } }).toPromise();
      return { error: result.error, payload: result.data?.mergeTopic };
    });
    // This topic is gone: continue where the conversation now lives.
    if (payload && 'data' in payload) window.location.assign(topicPath(payload.data));
  };
  const submitLink = async (event: React.FormEvent) => {
    event.preventDefault();
    const relatedTopicId = topicIdFrom(related);
    setUnknown(relatedTopicId ? null : 'link');
    if (!relatedTopicId) return;
    const payload = await link.run(async () => {
      const result = await client.mutation(LinkTopics, { topicId, relatedTopicId, linked: true }).toPromise();
      return { error: result.error, payload: result.data?.linkTopics };
    });
    if (payload && 'data' in payload) {
      onTopic(payload.data);
      setRelated('');
    }
  };
  const notATopic = 'Enter a topic number or its address, e.g. 42 or /t/42/title.';

  return (
    <>
      <form className="staff-form" onSubmit={submitMerge} aria-labelledby="merge-heading">
        <h3 id="merge-heading">Merge into another topic</h3>
        <div className="field">
          <label htmlFor="merge-into">Topic that continues (number or address)</label>
          <input
            id="merge-into"
            type="text"
            value={into}
            onChange={(event) => setInto(event.target.value)}
            required
          />
        </div>
        {(unknown === 'merge' || merge.failure) && (
          <p className="form-error" role="alert">
            {unknown === 'merge' ? notATopic : merge.failure?.message}
          </p>
        )}
        <button type="submit" className="button button-secondary" disabled={merge.busy}>
          Merge
        </button>
      </form>
      <form className="staff-form" onSubmit={submitLink} aria-labelledby="link-heading">
        <h3 id="link-heading">Link a related topic</h3>
        <div className="field">
          <label htmlFor="link-topic">Related topic (number or address)</label>
          <input
            id="link-topic"
            type="text"
            value={related}
            onChange={(event) => setRelated(event.target.value)}
            required
          />
        </div>
        {(unknown === 'link' || link.failure) && (
          <p className="form-error" role="alert">
            {unknown === 'link' ? notATopic : link.failure?.message}
          </p>
        )}
        <button type="submit" className="button button-secondary" disabled={link.busy}>
          Link
        </button>
      </form>
    </>
  );
}
