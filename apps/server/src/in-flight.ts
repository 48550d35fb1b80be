import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request listener that may say, by returning a promise, when it is done with a request. */
export type Listener = (request: IncomingMessage, response: ServerResponse) => unknown;

export interface InFlight {
  readonly listener: Listener;
  /** Requests whose handlers have not finished, whether or not their clients are still there. */
  readonly active: number;
  /** Resolves once no handler is running, or after `timeoutMs`, whichever comes first. */
  drained(timeoutMs: number): Promise<void>;
}

/**
 * Counts the requests a listener is still working on, so a stopping server lets them finish
 * before it closes the database. `server.close()` waits for connections, not handlers: a client
 * that hangs up mid-request leaves its handler running, and that handler must not meet a closed
 * pool halfway through what someone wrote.
 */
export function trackInFlight(listener: Listener): InFlight {
  let active = 0;
  let idle: Array<() => void> = [];
  const finished = () => {
    active--;
    if (active > 0) return;
    for (const resolve of idle) resolve();
    idle = [];
  };
  return {
    listener(request, response) {
      active++;
      let result: unknown;
      try {
        result = listener(request, response);
      } catch (error) {
        finished();
        throw error;
      }
      Promise.resolve(result).then(finished, finished);
      return result;
    },
    get active() {
      return active;
    },
    drained(timeoutMs) {
      if (active === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        idle.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
