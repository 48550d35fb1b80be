'use client';

import { type FormEvent, useId, useState } from 'react';
import { MarkdownEditor } from '../../../../components/markdown-editor.tsx';
import { useClient } from '../../../../lib/browser-client.ts';
import { FailureAlert, FieldError, useFormAction } from '../../../../lib/form-action.tsx';
import { EditPost, EditTopic } from './edit-mutations.ts';
import type { PostData, TopicUpdate } from './topic-query.ts';

/**
 * The author edits their reply in place. The server keeps the previous body as a revision and
 * tells every open page (`PostEdited`). Loaded on demand: only authors who edit download it.
 */
export function PostEditor({
  post,
  onSaved,
  onClose,
}: {
  post: Pick<PostData, 'id' | 'body'>;
  /** Resolves once the new body is rendered, so the editor never gives way to the old text. */
  onSaved: (post: PostData) => Promise<void>;
  onClose: () => void;
}) {
  const client = useClient();
  const { busy, failure, run } = useFormAction();
  const [body, setBody] = useState(post.body);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (body === post.body) return onClose();
    const payload = await run(async () => {
      const result = await client.mutation(EditPost, { postId: post.id, body }).toPromise();
      return { error: result.error, payload: result.data?.editPost };
    });
    if (payload && 'data' in payload) {
      await onSaved(payload.data);
      onClose();
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} aria-label="Edit your reply">
      <MarkdownEditor
        label="Your reply (Markdown)"
        value={body}
        onChange={setBody}
        errorId={failure?.fields.body ? `${id}-body-error` : undefined}
      />
      <FieldError id={`${id}-body-error`} failure={failure} field="body" />
      <FailureAlert failure={failure} />
      <EditActions busy={busy} onClose={onClose} />
    </form>
  );
}

/** The author edits the topic's title and opening text in place. Loaded on demand. */
export function TopicEditor({
  topic,
  onSaved,
  onClose,
}: {
  topic: { id: string; title: string; body: string };
  onSaved: (topic: TopicUpdate) => Promise<void>;
  onClose: () => void;
}) {
  const client = useClient();
  const { busy, failure, run } = useFormAction();
  const [title, setTitle] = useState(topic.title);
  const [body, setBody] = useState(topic.body);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Only what changed: an untouched field is neither sent nor kept as a revision.
    const input = {
      topicId: topic.id,
      ...(title !== topic.title ? { title } : {}),
      ...(body !== topic.body ? { body } : {}),
    };
    if (Object.keys(input).length === 1) return onClose();
    const payload = await run(async () => {
      const result = await client.mutation(EditTopic, { input }).toPromise();
      return { error: result.error, payload: result.data?.editTopic };
    });
    if (payload && 'data' in payload) {
      await onSaved(payload.data);
      onClose();
    }
  };

  return (
    <form className="edit-form" onSubmit={submit} aria-label="Edit your topic">
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          type="text"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={failure?.fields.title ? true : undefined}
          aria-describedby={failure?.fields.title ? `${id}-title-error` : undefined}
        />
        <FieldError id={`${id}-title-error`} failure={failure} field="title" />
      </div>
      <MarkdownEditor
        label="Topic text (Markdown)"
        value={body}
        rows={8}
        onChange={setBody}
        errorId={failure?.fields.body ? `${id}-body-error` : undefined}
      />
      <FieldError id={`${id}-body-error`} failure={failure} field="body" />
      <FailureAlert failure={failure} />
      <EditActions busy={busy} onClose={onClose} />
    </form>
  );
}

function EditActions({ busy, onClose }: { busy: boolean; onClose: () => void }) {
  return (
    <div className="edit-actions">
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Saving…' : 'Save changes'}
      </button>
      <button type="button" className="button button-secondary" onClick={onClose}>
        Cancel
      </button>
    </div>
  );
}
