import { Marked, type Tokens } from 'marked';

/**
 * Markdown as people write it in topics and replies, rendered to HTML that can never run
 * script: raw HTML is shown as text, links go only to http(s), mailto or this site and carry
 * rel="nofollow ugc noopener", and images become links (no third-party requests on page view).
 */
export function renderMarkdown(source: string): string {
  return markdown.parse(source, { async: false });
}

const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** The href when it is safe to follow, else null. */
function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (trimmed.startsWith('#') || (trimmed.startsWith('/') && !trimmed.startsWith('//'))) return trimmed;
  try {
    const url = new URL(trimmed);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function anchor(href: string | null, title: string | null | undefined, inner: string): string {
  if (!href) return inner;
  const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
  return `<a href="${escapeHtml(href)}"${titleAttribute} rel="nofollow ugc noopener">${inner}</a>`;
}

const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      return anchor(safeHref(token.href), token.title, this.parser.parseInline(token.tokens));
    },
    image(token: Tokens.Image) {
      return anchor(safeHref(token.href), token.title, `🖼 ${escapeHtml(token.text || 'image')}`);
    },
  },
});
