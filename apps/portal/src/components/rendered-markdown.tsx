'use client';

import { useEffect, useState } from 'react';
import { renderRemote } from '../lib/render-remote.ts';

/** HTML that the portal's safe Markdown renderer produced (lib/markdown.ts), shown as is. */
export function RenderedMarkdown({ html, className = 'prose' }: { html: string; className?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: only renderMarkdown's output reaches here (raw HTML escaped, links filtered).
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A live preview of a draft, rendered by the server shortly after typing stops. */
export function MarkdownPreview({ source, empty }: { source: string; empty: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    if (!source.trim()) return;
    let current = true;
    const timer = setTimeout(() => {
      renderRemote([source])
        .then(([rendered]) => current && setHtml(rendered ?? ''))
        .catch(() => current && setHtml(null));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [source]);
  if (!source.trim()) return <p className="hint">{empty}</p>;
  if (html === null) return <p className="hint">Rendering preview…</p>;
  return <RenderedMarkdown html={html} />;
}
