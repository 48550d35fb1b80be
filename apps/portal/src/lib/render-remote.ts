/** The most sources `/api/markdown` renders in one request. */
const BATCH = 20;

/** Markdown rendered by the portal's server (`/api/markdown`), in order, 20 to a request. */
export async function renderRemote(sources: string[]): Promise<string[]> {
  const batches: string[][] = [];
  for (let start = 0; start < sources.length; start += BATCH)
    batches.push(sources.slice(start, start + BATCH));
  return (await Promise.all(batches.map(renderBatch))).flat();
}

async function renderBatch(sources: string[]): Promise<string[]> {
  const response = await fetch('/api/markdown', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sources }),
  });
  if (!response.ok) throw new Error(`Markdown could not be rendered (${response.status})`);
  return ((await response.json()) as { html: string[] }).html;
}
