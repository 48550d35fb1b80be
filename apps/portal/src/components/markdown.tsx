import { renderMarkdown } from '../lib/markdown.ts';

/** Markdown from people, rendered safely (see renderMarkdown: no raw HTML, filtered links). */
export function Markdown({ source, className = 'prose' }: { source: string; className?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown escapes raw HTML and filters links.
  return <div className={className} dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}
