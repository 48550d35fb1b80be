import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTest, startApiTest } from '../support/api.ts';
import { graphql } from '../support/graphql.ts';

const SetRole = graphql(`
  mutation LastAdminSetRole($id: ID!, $role: UserRole!) {
    setUserRole(input: { personId: $id, role: $role }) {
      __typename
      ... on MutationSetUserRoleSuccess { data { handle } }
      ... on Error { message }
    }
  }
`);

const personId = (id: number | null) => Buffer.from(`Person:${id}`).toString('base64');

let api: ApiTest;
beforeAll(async () => {
  // A database of its own: the only admins are the ones each test makes.
  api = await startApiTest();
});
afterAll(() => api?.stop());

describe('there is always an admin', () => {
  it('two admins demoting each other at once: one wins, the other is refused, one admin is left (races on PostgreSQL)', async () => {
    for (let round = 0; round < 10; round++) {
      await api.prisma.user.updateMany({ where: { role: 'ADMIN' }, data: { role: 'MEMBER' } });
      const first = await api.actor('admin');
      const second = await api.actor('admin');
      const answers = await Promise.all([
        first.data(SetRole, { id: personId(second.id), role: 'MEMBER' }),
        second.data(SetRole, { id: personId(first.id), role: 'MEMBER' }),
      ]);
      const [won, lost] =
        answers[0]?.setUserRole.__typename === 'MutationSetUserRoleSuccess'
          ? answers
          : [...answers].reverse();
      expect(won?.setUserRole.__typename).toBe('MutationSetUserRoleSuccess');
      // Refused inside the transaction (the demotion would leave nobody), or at once when the
      // loser's request started after the winner's commit.
      expect([
        {
          __typename: 'ConflictError',
          message: 'This would leave no admin: make someone else an admin first.',
        },
        { __typename: 'ForbiddenError', message: 'Only admins can change roles.' },
      ]).toContainEqual(lost?.setUserRole);
      expect(await api.prisma.user.count({ where: { role: 'ADMIN' } })).toBe(1);
    }
  });
});
