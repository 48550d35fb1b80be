import type { ExecutionResult } from 'graphql';

/**
 * Multiplexing (the idea behind Hasura's): subscribers whose results must be identical (the
 * same operation and variables, seen with the same rights) share one execution. Each event is
 * then resolved once per group and only serialised per socket. Anonymous readers, the largest
 * audience of a busy topic, share one group; a signed-in person shares one with their own tabs
 * (fields like `viewerHasVoted` make everyone else's results differ).
 *
 * Members get their own bounded queues: a slow socket never stalls the group; one that falls
 * too far behind is dropped (`onOverflow`) and catches up later from its cursor.
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly maxQueued: number) {}

  get size(): number {
    return this.groups.size;
  }

  /**
   * Joins `key`'s group, starting its execution with `start` when it is the first member.
   * A non-iterable result (the subscription was refused) is returned as is, ungrouped.
   */
  async join(
    key: string,
    start: () => Promise<AsyncIterable<ExecutionResult> | ExecutionResult>,
    onOverflow: () => void,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    let group = this.groups.get(key);
    if (!group) {
      const result = await start();
      if (!isAsyncIterable(result)) return result;
      // Another member may have started the same group while this one awaited.
      group = this.groups.get(key);
      if (group) void closeIterable(result);
      else {
        group = new Group(result[Symbol.asyncIterator](), () => this.groups.delete(key));
        this.groups.set(key, group);
      }
    }
    return group.add(this.maxQueued, onOverflow);
  }
}

interface Member {
  queue: ExecutionResult[];
  wake: (() => void) | null;
  done: boolean;
  onOverflow: () => void;
}

class Group {
  private readonly members = new Set<Member>();
  private pumping = false;

  constructor(
    private readonly source: AsyncIterator<ExecutionResult>,
    private readonly onEmpty: () => void,
  ) {}

  add(maxQueued: number, onOverflow: () => void): AsyncIterableIterator<ExecutionResult> {
    const member: Member = { queue: [], wake: null, done: false, onOverflow };
    this.members.add(member);
    if (!this.pumping) void this.pump(maxQueued);
    const leave = () => {
      member.done = true;
      member.wake?.();
      this.members.delete(member);
      if (this.members.size === 0) {
        this.onEmpty();
        void this.source.return?.();
      }
    };
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (member.queue.length === 0 && !member.done) {
          await new Promise<void>((resolve) => {
            member.wake = resolve;
          });
          member.wake = null;
        }
        const value = member.queue.shift();
        return value ? { done: false, value } : { done: true, value: undefined };
      },
      return: async () => {
        leave();
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  private async pump(maxQueued: number): Promise<void> {
    this.pumping = true;
    try {
      while (this.members.size > 0) {
        const next = await this.source.next();
        for (const member of this.members) {
          if (next.done) member.done = true;
          else if (member.queue.length >= maxQueued) {
            member.done = true;
            member.onOverflow();
          } else member.queue.push(next.value);
          member.wake?.();
        }
        if (next.done) {
          this.onEmpty();
          break;
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function closeIterable(iterable: AsyncIterable<ExecutionResult>): Promise<void> {
  await iterable[Symbol.asyncIterator]().return?.();
}
