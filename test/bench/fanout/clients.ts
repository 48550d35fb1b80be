// The load generator for the fan-out benchmark, in its own process (and core): N WebSocket
// subscribers that record, for every event, the delay from publish to receipt.
import WebSocket from 'ws';

interface Start {
  url: string;
  count: number;
  /** graphql-ws: handshake and subscribe; raw: the baseline server just sends. */
  protocol: 'graphql-ws' | 'raw';
  query: string;
  variables: Record<string, unknown>;
}

type Command = { type: 'start'; start: Start } | { type: 'collect' } | { type: 'close' };

const sockets: WebSocket[] = [];
let latencies: number[] = [];
let received = 0;

/** Each event's body starts with `<sent at ms>|`: the delay is measured on one machine clock. */
function onMessage(data: WebSocket.RawData): void {
  const text = data.toString();
  const at = text.indexOf('"body":"');
  if (at < 0) return;
  const sentAt = Number(text.slice(at + 8, text.indexOf('|', at)));
  if (!Number.isFinite(sentAt)) return;
  received++;
  latencies.push(Date.now() - sentAt);
}

async function open(start: Start): Promise<void> {
  const connectOne = () =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(
        start.url,
        start.protocol === 'graphql-ws' ? 'graphql-transport-ws' : undefined,
        {
          perMessageDeflate: false,
        },
      );
      socket.once('error', reject);
      socket.once('open', () => {
        sockets.push(socket);
        if (start.protocol === 'raw') {
          socket.on('message', onMessage);
          return resolve();
        }
        socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
        socket.once('message', () => {
          socket.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: start.query, variables: start.variables },
            }),
          );
          socket.on('message', onMessage);
          resolve();
        });
      });
    });
  for (let opened = 0; opened < start.count; opened += 250) {
    await Promise.all(Array.from({ length: Math.min(250, start.count - opened) }, connectOne));
  }
}

process.on('message', async (command: Command) => {
  if (command.type === 'start') {
    await open(command.start);
    process.send?.({ type: 'ready', sockets: sockets.length });
  } else if (command.type === 'collect') {
    process.send?.({ type: 'stats', received, latencies });
    latencies = [];
    received = 0;
  } else {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
process.send?.({ type: 'up' });
