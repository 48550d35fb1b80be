import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { trackInFlight } from '../src/in-flight.ts';

/** A gate a test opens by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('requests in flight when the server stops', () => {
  it('waits for a handler whose client hung up before saying the server is drained', async () => {
    const started = gate();
    const release = gate();
    const written: string[] = [];
    const requests = trackInFlight(async (_request, response) => {
      started.open();
      await release.opened;
      written.push('reply'); // what a database write would be: after the client left
      response.end('ok');
    });
    const server = createServer(requests.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const client = request({ port, host: '127.0.0.1', method: 'POST', path: '/graphql' });
    client.on('error', () => {}); // the client hangs up on purpose
    client.end('{}');
    await started.opened;
    client.destroy();

    // The connection is gone, so the server closes at once; the handler is still running.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(requests.active).toBe(1);
    let drained = false;
    const draining = requests.drained(5_000).then(() => {
      drained = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drained).toBe(false);
    expect(written).toEqual([]);

    release.open();
    await draining;
    expect(written).toEqual(['reply']);
    expect(requests.active).toBe(0);
  });

  it('counts a handler that throws as finished, and gives up waiting after the timeout', async () => {
    const never = new Promise<void>(() => {});
    const requests = trackInFlight((_request, response) => {
      if (response.req.url === '/throws') throw new Error('broken handler');
      return never;
    });
    const call = (url: string) => {
      try {
        requests.listener({ url } as never, { req: { url } } as never);
      } catch {
        // the throwing handler's error is the server's to report
      }
    };
    call('/throws');
    expect(requests.active).toBe(0);
    await requests.drained(1_000); // nothing running: resolves at once

    call('/hangs');
    expect(requests.active).toBe(1);
    const before = Date.now();
    await requests.drained(100);
    expect(Date.now() - before).toBeGreaterThanOrEqual(90);
    expect(requests.active).toBe(1);
  });
});
