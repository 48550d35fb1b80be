'use client';

import { type FormEvent, useId, useRef, useState } from 'react';
import { useClient } from 'urql';
import { MarkdownPreview } from '../../../../components/rendered-markdown.tsx';
import type { Viewer } from '../../../../lib/server-client.ts';
import { CreatePost, SetTyping } from './topic-mutations.ts';
import type { PostData } from './topic-query.ts';

/** Tell watchers again this often while typing; the server forgets a typist after 8 s. */
const TYPING_REFRESH_MS = 4_000;

export function ReplyBox({
  topicId,
  viewer,
  locked,
  returnTo,
  onPosted,
}: {
  topicId: string;
  viewer: Viewer | null;
  locked: boolean;
  /** Where sign-in comes back to: this topic. */
  returnTo: string;
  onPosted: (post: PostData) => void | Promise<void>;
}) {
  const client = useClient();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const id = useId();

  if (!viewer) {
    return (
      <section className="reply-box reply-box-signed-out" aria-label="Reply">
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(returnTo)}`}>Sign in</a> or{' '}
          <a href={`/sign-up?next=${encodeURIComponent(returnTo)}`}>create an account</a> to reply.
        </p>
      </section>
    );
  }
  if (locked) {
    return (
      <section className="reply-box" aria-label="Reply">
        <p>This topic is locked: it takes no new replies.</p>
      </section>
    );
  }
  const isEmployee = viewer.kind === 'EMPLOYEE';

  const typing = (on: boolean) => {
    const now = Date.now();
    if (on && now - lastTyping.current < TYPING_REFRESH_MS) return;
    if (!on && lastTyping.current === 0) return;
    lastTyping.current = on ? now : 0;
    void client.mutation(SetTyping, { topicId, typing: on }).toPromise();
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
      setBody('');
      setTab('write');
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
        <div className="tabs" role="tablist" aria-label="Reply editor">
          <button
            type="button"
            role="tab"
            id={`${id}-write-tab`}
            aria-selected={tab === 'write'}
            aria-controls={`${id}-write`}
            onClick={() => setTab('write')}
          >
            Write
          </button>
          <button
            type="button"
            role="tab"
            id={`${id}-preview-tab`}
            aria-selected={tab === 'preview'}
            aria-controls={`${id}-preview`}
            onClick={() => setTab('preview')}
          >
            Preview
          </button>
        </div>
        <div role="tabpanel" id={`${id}-write`} aria-labelledby={`${id}-write-tab`} hidden={tab !== 'write'}>
          <label htmlFor={`${id}-body`} className="visually-hidden">
            Reply (Markdown)
          </label>
          <textarea
            id={`${id}-body`}
            name="body"
            rows={6}
            value={body}
            placeholder="Write your reply. Markdown works: **bold**, _italic_, `code`, [links](https://…)"
            onChange={(event) => {
              setBody(event.target.value);
              typing(event.target.value.length > 0);
            }}
            onBlur={() => typing(false)}
          />
        </div>
        <div
          role="tabpanel"
          id={`${id}-preview`}
          aria-labelledby={`${id}-preview-tab`}
          hidden={tab !== 'preview'}
          className="preview"
        >
          {tab === 'preview' && <MarkdownPreview source={body} empty="Nothing to preview yet." />}
        </div>
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
                onChange={(event) => setInternal(event.target.checked)}
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
