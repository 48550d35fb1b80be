import { renderMarkdown } from '../../../lib/markdown.ts';

/** At most this many bodies per request, each at most the API's 50,000 characters. */
const MAX_SOURCES = 20;
const MAX_LENGTH = 50_000;

/**
 * Renders Markdown for the browser (live replies, previews), so the Markdown parser stays on
 * the server and out of every page's JavaScript. The same safe renderer as server pages.
 */
export async function POST(request: Request): Promise<Response> {
  const input = (await request.json().catch(() => null)) as { sources?: unknown } | null;
  const sources = input?.sources;
  if (
    !Array.isArray(sources) ||
    sources.length > MAX_SOURCES ||
    !sources.every((source): source is string => typeof source === 'string' && source.length <= MAX_LENGTH)
  ) {
    return Response.json(
      { error: `sources: up to ${MAX_SOURCES} strings of ${MAX_LENGTH} characters` },
      { status: 400 },
    );
  }
  return Response.json({ html: sources.map(renderMarkdown) }, { headers: { 'cache-control': 'no-store' } });
}
