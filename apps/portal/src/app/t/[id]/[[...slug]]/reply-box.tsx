'use client';

import dynamic from 'next/dynamic';
import type { Viewer } from '../../../../lib/server-client.ts';
import type { PostData } from './topic-query.ts';

/**
 * The editor (Markdown preview, typing notices, posting) is only for signed-in readers, so it is
 * its own chunk: a reader who only reads never downloads it.
 */
const ReplyEditor = dynamic(() => import('./reply-editor.tsx').then((mod) => mod.ReplyEditor));

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
  return <ReplyEditor topicId={topicId} viewer={viewer} onPosted={onPosted} />;
}
