/** Markdown rendered by the portal's server (`/api/markdown`), in order. */
export async function renderRemote(sources: string[]): Promise<string[]> {
  if (sources.length === 0) return [];
  const response = await fetch('/api/markdown', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sources }),
  });
  if (!response.ok) throw new Error(`Markdown could not be rendered (${response.status})`);
  return ((await response.json()) as { html: string[] }).html;
}
