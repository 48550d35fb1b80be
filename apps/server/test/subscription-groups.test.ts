import { audienceOf } from '@parley/schema/realtime/access';
import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_REPLAYED_RESULTS, type Replay, SubscriptionGroups } from '../src/subscription-groups.ts';

// The groups on their own, fed by an execution the test drives: what each member's socket is
// sent, in order. Sockets here record what they are sent (the real ones are in realtime.test.ts).

/** An execution whose results the test pushes. */
function execution() {
  const queue: ExecutionResult[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      while (queue.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      const value = queue.shift();
      return value ? { done: false, value } : { done: true, value: undefined };
    },
    async return() {
      ended = true;
      wake?.();
      return { done: true, value: undefined };
    },
  };
  return {
    iterator,
    push(n: number) {
      queue.push({ data: { n } });
      wake?.();
    },
    get ended() {
      return ended;
    },
  };
}

function socket(id: string) {
  const sent: number[] = [];
  return {
    sent,
    member: {
      id,
      socket: {
        bufferedAmount: 0,
        send: (data: string) =>
          sent.push((JSON.parse(data) as { payload: { data: { n: number } } }).payload.data.n),
        close: () => {},
      },
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function joinLate(replay: Replay) {
  const groups = new SubscriptionGroups(1_000_000);
  const source = execution();
  let started = 0;
  const start = async () => {
    started++;
    return source.iterator;
  };
  const first = socket('1');
  await groups.join('key', start, first.member, replay);
  for (const n of [1, 2, 3]) source.push(n);
  await tick();
  const late = socket('2');
  await groups.join('key', start, late.member, replay);
  source.push(4);
  await tick();
  return { first: first.sent, late: late.sent, started };
}

describe('subscription groups', () => {
  it('send a late member only what happens after it joins, for events', async () => {
    expect(await joinLate('none')).toEqual({ first: [1, 2, 3, 4], late: [4], started: 1 });
  });

  it('send a late member the latest result first, for a state', async () => {
    expect(await joinLate('latest')).toEqual({ first: [1, 2, 3, 4], late: [3, 4], started: 1 });
  });

  it('send a late member everything so far, in order, when all resumed from the same cursor', async () => {
    expect(await joinLate('all')).toEqual({ first: [1, 2, 3, 4], late: [1, 2, 3, 4], started: 1 });
  });

  it('close a replaying group to newcomers once it holds too much; the newcomer starts its own execution', async () => {
    const groups = new SubscriptionGroups(1_000_000);
    const executions = [execution(), execution()];
    let started = 0;
    const start = async () => executions[started++]?.iterator ?? execution().iterator;
    const first = socket('1');
    const leaveFirst = (await groups.join(
      'key',
      start,
      first.member,
      'all',
    )) as AsyncIterableIterator<unknown>;
    for (let n = 1; n <= MAX_REPLAYED_RESULTS + 1; n++) executions[0]?.push(n);
    await tick();
    expect(first.sent).toHaveLength(MAX_REPLAYED_RESULTS + 1);

    const newcomer = socket('2');
    await groups.join('key', start, newcomer.member, 'all');
    expect(started).toBe(2);
    expect(newcomer.sent).toEqual([]); // its own execution replays from the store
    executions[1]?.push(1);
    await tick();
    expect(newcomer.sent).toEqual([1]);

    // The first group ending leaves the newcomer's group where later members find it.
    await leaveFirst.return?.();
    expect(executions[0]?.ended).toBe(true);
    const third = socket('3');
    await groups.join('key', start, third.member, 'all');
    expect(started).toBe(2);
    expect(third.sent).toEqual([1]);
    expect(groups.size).toBe(1);
  });
});

describe('the audience a group is keyed on', () => {
  it('differs whenever what the viewer may see differs: kind, role, token scopes', () => {
    const employee = { id: 7, handle: 'dana', kind: 'EMPLOYEE', role: 'MEMBER' } as const;
    const keys = [
      audienceOf(null),
      audienceOf(employee),
      audienceOf({ ...employee, kind: 'CUSTOMER' }),
      audienceOf({ ...employee, role: 'MODERATOR' }),
      audienceOf({ ...employee, token: { id: 3, scopes: ['read'] } }),
      audienceOf({ ...employee, token: { id: 3, scopes: ['read', 'read:internal'] } }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // Another session of the same person, with the same rights, shares.
    expect(audienceOf({ ...employee, sessionId: 2 })).toBe(audienceOf({ ...employee, sessionId: 1 }));
  });
});
