import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server on loopback standing in for a third party's webhook endpoint. `answer`
 * decides each response (a status, or 'hang' to hold the request until `release`).
 */
export interface Receiver {
  readonly url: string;
  /** Deliveries answered with 2xx. */
  readonly received: Received[];
  /** Every request, whatever it was answered. */
  readonly attempts: Received[];
  answer: (delivery: Received, index: number) => number | 'hang';
  /** Resolves once `count` deliveries have arrived (of `event`, when given). */
  waitFor(count: number, event?: string, timeoutMs?: number): Promise<Received[]>;
  /** Answers every held request with 200. */
  release(): void;
  /** Stops listening (the port stays known, so `listen` can come back on it). */
  close(): Promise<void>;
  listen(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const attempts: Received[] = [];
  const held: (() => void)[] = [];
  const waiters: (() => void)[] = [];
  let server: Server | undefined;
  let boundPort = port;
  const receiver: Receiver = {
    get url() {
      return `http://127.0.0.1:${boundPort}/hooks/parley`;
    },
    received,
    attempts,
    answer: () => 200,
    async waitFor(count, event, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const matching = () =>
        received.filter((item) => !event || item.headers['parley-webhook-event'] === event);
      while (matching().length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `expected ${count} deliveries of ${event ?? 'any event'}, got ${matching().length}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, Math.min(left, 100));
        });
      }
      return matching();
    },
    release() {
      for (const answer of held.splice(0)) answer();
    },
    async listen() {
      const http = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const delivery = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
          attempts.push(delivery);
          const decision = receiver.answer(delivery, attempts.length - 1);
          const respond = (status: number) => {
            if (status >= 200 && status < 300) {
              received.push(delivery);
              for (const wake of waiters.splice(0)) wake();
            }
            response.writeHead(status).end();
          };
          if (decision === 'hang') held.push(() => respond(200));
          else respond(decision);
        });
      });
      server = http;
      await new Promise<void>((resolve) => http.listen(boundPort, '127.0.0.1', resolve));
      boundPort = (http.address() as AddressInfo).port;
    },
    async close() {
      receiver.release();
      const http = server;
      server = undefined;
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      }
    },
  };
  await receiver.listen();
  return receiver;
}
