import type { ExecutionResult } from 'graphql';

/** Where a grouped subscription's results go: its socket, under its own subscription id. */
export interface GroupMember {
  /** The graphql-ws subscription id. */
  id: string;
  socket: { bufferedAmount: number; send(data: string): void; close(code: number, reason: string): void };
}

/**
 * What a member joining a running group is sent first: nothing (events from now on), the
 * latest result (each result is the whole state), or every result so far (every member asked
 * to resume from the same cursor, so each must see the same sequence).
 */
export type Replay = 'none' | 'latest' | 'all';

/**
 * A group replaying everything keeps at most this many results; past it the group takes no
 * new members (it goes on for those it has), and the next joiner starts an execution of its
 * own, which catches up from the store.
 */
export const MAX_REPLAYED_RESULTS = 200;

/**
 * Multiplexing (the idea behind Hasura's): subscribers whose results must be identical (the
 * same operation and variables, seen with the same rights) share one execution, and each
 * result is serialised once per group: every member's socket gets the same JSON under its own
 * subscription id. Anonymous readers, the largest audience of a busy topic, share one group;
 * a signed-in person shares one with their own tabs (fields like `viewerHasVoted` make
 * everyone else's results differ).
 *
 * A slow socket never stalls the group: one whose unsent backlog passes `maxBacklogBytes` is
 * closed with 1013 and catches up later from its cursor.
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly maxBacklogBytes: number) {}

  get size(): number {
    return this.groups.size;
  }

  /**
   * Joins `key`'s group, starting its execution with `start` when it is the first member.
   * A non-iterable result (the subscription was refused) is returned as is, ungrouped.
   * The returned iterator yields nothing (results go straight to the socket); it ends when the
   * group's execution ends, and leaving it (graphql-ws calls `return`) leaves the group.
   * `replay` says what a member joining a running group is sent first.
   */
  async join(
    key: string,
    start: () => Promise<AsyncIterable<ExecutionResult> | ExecutionResult>,
    member: GroupMember,
    replay: Replay = 'none',
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    let group = this.groups.get(key);
    if (!group) {
      const result = await start();
      if (!isAsyncIterable(result)) return result;
      // Another member may have started the same group while this one awaited.
      group = this.groups.get(key);
      if (group) void result[Symbol.asyncIterator]().return?.();
      else {
        const created: Group = new Group(result[Symbol.asyncIterator](), this.maxBacklogBytes, replay, () => {
          // A closed group's key may already belong to a newer group.
          if (this.groups.get(key) === created) this.groups.delete(key);
        });
        group = created;
        this.groups.set(key, group);
      }
    }
    return group.add(member);
  }
}

interface Joined extends GroupMember {
  /** `{"id":"…","type":"next","payload":` for this member. */
  prefix: string;
  end: () => void;
}

class Group {
  private readonly members = new Set<Joined>();
  private pumping = false;
  private ended = false;
  /** The results a joiner is sent first, as JSON (per `replay`). */
  private sent: string[] = [];

  constructor(
    private readonly source: AsyncIterator<ExecutionResult>,
    private readonly maxBacklogBytes: number,
    private replay: Replay,
    /** Takes the group out of its key, so no member joins it any more. */
    private readonly close: () => void,
  ) {}

  add(member: GroupMember): AsyncIterableIterator<ExecutionResult> {
    let end: () => void = () => {};
    const finished = new Promise<IteratorResult<ExecutionResult>>((resolve) => {
      end = () => resolve({ done: true, value: undefined });
    });
    const joined: Joined = {
      ...member,
      prefix: `{"id":${JSON.stringify(member.id)},"type":"next","payload":`,
      end,
    };
    if (this.ended) end();
    else {
      this.members.add(joined);
      for (const json of this.sent) member.socket.send(`${joined.prefix}${json}}`);
    }
    if (!this.pumping) void this.pump();
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => iterator,
      next: () => finished,
      return: async () => {
        this.leave(joined);
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  private remember(json: string): void {
    if (this.replay === 'latest') this.sent = [json];
    else if (this.replay === 'all') {
      this.sent.push(json);
      if (this.sent.length > MAX_REPLAYED_RESULTS) {
        this.close();
        this.replay = 'none';
        this.sent = [];
      }
    }
  }

  private leave(member: Joined): void {
    member.end();
    if (!this.members.delete(member) || this.members.size > 0) return;
    this.ended = true;
    this.close();
    void this.source.return?.();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.members.size > 0) {
        const next = await this.source.next();
        if (next.done) break;
        const json = JSON.stringify(next.value);
        this.remember(json);
        for (const member of this.members) {
          if (member.socket.bufferedAmount > this.maxBacklogBytes) {
            member.socket.close(1013, 'Too slow: reconnect and resubscribe with your last cursor');
            this.leave(member);
          } else member.socket.send(`${member.prefix}${json}}`);
        }
      }
    } finally {
      this.pumping = false;
      if (!this.ended && this.members.size > 0) {
        // The execution ended (completed): so do its members' subscriptions.
        this.ended = true;
        this.close();
        for (const member of this.members) member.end();
        this.members.clear();
      }
    }
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
