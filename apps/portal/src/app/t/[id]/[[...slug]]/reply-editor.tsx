'use client';

import { type FormEvent, useId, useRef, useState } from 'react';
import { MarkdownEditor } from '../../../../components/markdown-editor.tsx';
import { useClient } from '../../../../lib/browser-client.ts';
import { draftKey, useDraft } from '../../../../lib/drafts.ts';
import { graphql } from '../../../../lib/graphql.ts';
import type { Viewer } from '../../../../lib/server-client.ts';
import { CreatePost } from './reply-mutations.ts';
import type { PostData } from './topic-query.ts';

/** Tell watchers again this often while typing; the server forgets a typist after 8 s. */
const TYPING_REFRESH_MS = 4_000;

// `internal`: someone writing an internal note is shown to employees only, never to customers.
const SetDraftTyping = graphql(`
  mutation SetDraftTyping($topicId: ID!, $typing: Boolean!, $internal: Boolean!) {
    setTyping(topicId: $topicId, typing: $typing, internal: $internal) { __typename }
  }
`);

// The internal flag is kept with the text: a note restored after a reload must stay internal.
const NO_REPLY = { body: '', internal: false };
const isBlank = (draft: typeof NO_REPLY) => draft.body.trim() === '';

export function ReplyEditor({
  topicId,
  viewer,
  onPosted,
}: {
  topicId: string;
  viewer: Viewer;
  onPosted: (post: PostData) => void | Promise<void>;
}) {
  const client = useClient();
  const [draft, setDraft] = useDraft(draftKey(viewer.person.id, `reply:${topicId}`), NO_REPLY, isBlank);
  const { body, internal } = draft;
  // Each sent reply starts a fresh editor, back on its Write tab.
  const [sent, setSent] = useState(0);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const id = useId();

  const isEmployee = viewer.kind === 'EMPLOYEE';

  const typing = (on: boolean) => {
    const now = Date.now();
    if (on && now - lastTyping.current < TYPING_REFRESH_MS) return;
    if (!on && lastTyping.current === 0) return;
    lastTyping.current = on ? now : 0;
    void client.mutation(SetDraftTyping, { topicId, typing: on, internal }).toPromise();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setProblem('Write something first.');
      return;
    }
    setSending(true);
    setProblem(null);
    const result = await client.mutation(CreatePost, { input: { topicId, body, internal } }).toPromise();
    setSending(false);
    const payload = result.data?.createPost;
    if (payload?.__typename === 'MutationCreatePostSuccess') {
      onPosted(payload.data);
      setDraft({ body: '', internal });
      setSent((count) => count + 1);
      typing(false);
    } else if (payload && 'problems' in payload) {
      setProblem(payload.problems.map((each) => each.message).join(' '));
    } else if (payload && 'message' in payload) {
      setProblem(payload.message);
    } else {
      setProblem('Your reply could not be sent. Please try again.');
    }
  };

  return (
    <section
      className={internal ? 'reply-box reply-box-internal' : 'reply-box'}
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`}>{internal ? 'Add an internal note' : 'Your reply'}</h2>
      <form onSubmit={submit}>
        <MarkdownEditor
          key={sent}
          label="Reply (Markdown)"
          value={body}
          placeholder="Write your reply. Markdown works: **bold**, _italic_, `code`, [links](https://…)"
          onChange={(value) => {
            setDraft({ body: value, internal });
            typing(value.length > 0);
          }}
          onBlur={() => typing(false)}
        />
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <div className="reply-footer">
          {isEmployee && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={internal}
                onChange={(event) => {
                  // Stop under the old choice; the next keystroke announces the new one.
                  typing(false);
                  setDraft({ body, internal: event.target.checked });
                }}
              />
              Internal note (only employees see it)
            </label>
          )}
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Sending…' : internal ? 'Add internal note' : 'Post reply'}
          </button>
        </div>
      </form>
    </section>
  );
}
