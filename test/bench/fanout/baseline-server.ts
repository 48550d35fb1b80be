import { createServer, type Server } from 'node:http';
import { WebSocketServer } from 'ws';

/**
 * The baseline: a bare `ws` server that serialises each event once and writes it to every
 * socket. No GraphQL, no rights, no database: the floor Parley's fan-out is compared with.
 */
export async function startBaseline(): Promise<{
  url: string;
  publish(body: string, cursor: number): void;
  close(): Promise<void>;
}> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}`,
    publish(body, cursor) {
      const message = JSON.stringify({
        id: '1',
        type: 'next',
        payload: {
          data: {
            topicActivity: {
              __typename: 'PostAdded',
              cursor,
              post: { body, author: { handle: 'dana', displayName: 'Dana Whitfield' } },
            },
          },
        },
      });
      for (const socket of wss.clients) socket.send(message);
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
