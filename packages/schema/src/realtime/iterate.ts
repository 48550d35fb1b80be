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

/**
 * A subscription whose every result is the whole state (figures, a count): it sends the state
 * as it is, then again after each event that `moves` it, only when it changed. It listens
 * before it reads, so no change falls between the first state and the events that follow.
 */
export function liveState<Event, State>(
  events: AsyncIterable<Event>,
  read: () => Promise<State>,
  { moves = () => true, same }: { moves?: (event: Event) => boolean; same: (a: State, b: State) => boolean },
): AsyncGenerator<State> {
  const live = events[Symbol.asyncIterator]();
  return stoppable(states(), async () => {
    await live.return?.();
  });

  async function* states(): AsyncGenerator<State> {
    // Listening starts with this first next().
    let pending = live.next();
    let sent = await read();
    yield sent;
    while (true) {
      const next = await pending;
      if (next.done) return;
      pending = live.next();
      if (!moves(next.value)) continue;
      const state = await read();
      if (same(state, sent)) continue;
      sent = state;
      yield state;
    }
  }
}
