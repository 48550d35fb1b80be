import type { Plugin } from 'graphql-yoga';

/**
 * The largest request body /graphql reads: room for the longest post (50,000 characters,
 * escaped) and a 5,000-token query; yoga 5.21 reads any size otherwise.
 */
export const MAX_REQUEST_BYTES = 1_000_000;

/**
 * Refuses a request body over `max` bytes with 413 before yoga parses it: at once when its
 * Content-Length says so, else while it streams in (chunked bodies have no length), so no
 * more than `max` bytes are ever held.
 */
export function useBodyLimit(max = MAX_REQUEST_BYTES): Plugin {
  const tooLarge = (fetchAPI: { Response: typeof Response }) =>
    new fetchAPI.Response(
      JSON.stringify({
        errors: [
          {
            message: `The request body is over ${max} bytes.`,
            extensions: { code: 'PAYLOAD_TOO_LARGE', max },
          },
        ],
      }),
      { status: 413, headers: { 'content-type': 'application/json; charset=utf-8' } },
    );
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.body === null) return;
      const parse = requestParser;
      setRequestParser(async (incoming) => {
        const declared = Number(incoming.headers.get('content-length') ?? Number.NaN);
        if (declared > max) return tooLarge(fetchAPI);
        const body = await readAtMost(incoming, max);
        if (!body) return tooLarge(fetchAPI);
        // The parser reads the bytes already taken, from a request otherwise the same.
        return parse(
          new fetchAPI.Request(incoming.url, { method: incoming.method, headers: incoming.headers, body }),
        );
      });
    },
  };
}

/** The whole body, or null (and the rest left unread) once it passes `max` bytes. */
async function readAtMost(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
