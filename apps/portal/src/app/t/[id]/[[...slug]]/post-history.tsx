'use client';

import { useEffect, useState } from 'react';
import { RenderedMarkdown } from '../../../../components/rendered-markdown.tsx';
import { useQuery } from '../../../../lib/browser-client.ts';
import { renderRemote } from '../../../../lib/render-remote.ts';
import { fullDate, timeAgo } from '../../../../lib/time.ts';
import { Revisions } from './edit-mutations.ts';

/**
 * A reply's or the topic's earlier versions, oldest first, as anyone may read them (a topic's
 * with its title). Fetched when opened (and again after each edit: the page keys it by
 * `editedAt`), so the topic page never carries them.
 */
export function PostHistory({ nodeId, id }: { nodeId: string; id: string }) {
  const [{ data, error }] = useQuery({ query: Revisions, variables: { id: nodeId } });
  const revisions:
    | readonly { title?: string; body: string; createdAt: string; editor: { displayName: string } }[]
    | null = data?.node && 'revisions' in data.node ? data.node.revisions : null;
  const [html, setHtml] = useState<string[] | null>(null);
  useEffect(() => {
    if (!revisions) return;
    let current = true;
    renderRemote(revisions.map((revision) => revision.body))
      .then((rendered) => current && setHtml(rendered))
      .catch(() => current && setHtml([]));
    return () => {
      current = false;
    };
  }, [revisions]);

  return (
    <section id={id} className="post-history" aria-labelledby={`${id}-heading`} data-testid="post-history">
      <h3 id={`${id}-heading`}>Earlier versions</h3>
      {error ? (
        <p className="form-error">The history could not be loaded. Please try again.</p>
      ) : !revisions || !html ? (
        <p className="hint">Loading earlier versions…</p>
      ) : (
        <ol>
          {revisions.map((revision, index) => (
            <li key={revision.createdAt}>
              <p className="hint">
                {index === 0 ? 'Original' : `Version ${index + 1}`} · replaced by{' '}
                {revision.editor.displayName}{' '}
                <time dateTime={revision.createdAt} title={fullDate(revision.createdAt)}>
                  {timeAgo(revision.createdAt)}
                </time>
              </p>
              {revision.title !== undefined && <p className="history-title">{revision.title}</p>}
              <RenderedMarkdown html={html[index] ?? ''} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
