/**
 * An async generator that waits on live events cannot be stopped while it waits: its return()
 * queues until the next event arrives, so an unsubscribed client would keep its listeners (and
 * a presence entry) until then. This wrapper runs `stop` at once, which ends the live source,
 * so the generator then finishes too.
 */
export function stoppable<T>(source: AsyncGenerator<T>, stop: () => void | Promise<void>): AsyncGenerator<T> {
  let stopped = false;
  let end: () => void = () => {};
  const ended = new Promise<IteratorResult<T>>((resolve) => {
    end = () => resolve({ done: true, value: undefined });
  });
  const finish = async () => {
    if (stopped) return;
    stopped = true;
    end();
    await stop();
  };
  const iterator: AsyncGenerator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => (stopped ? ended : Promise.race([source.next(), ended])),
    return: async () => {
      await finish();
      return { done: true, value: undefined };
    },
    throw: async (error: unknown) => {
      await finish();
      throw error;
    },
  };
  return iterator;
}
