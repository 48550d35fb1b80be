import type { Prisma } from '@parley/prisma/client';
import { ReactionKind } from '@parley/prisma/enums';
import { builder } from './builder.ts';
import { db } from './db.ts';
import { selection } from './lookup.ts';
import { Topic } from './topic.ts';
import { pageSizeLimit } from './validation.ts';
import { canModerate, visiblePosts, visiblePostsInTopic } from './visibility.ts';

export const ReactionKindEnum = builder.enumType(ReactionKind, {
  name: 'ReactionKind',
  description: 'The small, fixed set of reactions a post can get.',
});

interface ReactionCount {
  kind: ReactionKind;
  count: number;
  viewerReacted: boolean;
}

const ReactionCountRef = builder.objectRef<ReactionCount>('ReactionCount').implement({
  fields: (t) => ({
    kind: t.field({ type: ReactionKindEnum, resolve: (reaction) => reaction.kind }),
    count: t.exposeInt('count'),
    viewerReacted: t.exposeBoolean('viewerReacted'),
  }),
});

export const Post = builder.prismaNode('Post', {
  id: { field: 'id' },
  // node(id) answers null, not an error, for what the viewer may not see.
  nullable: true,
  findUnique: (id, context) =>
    ({ id: Number(id), ...visiblePosts(context.viewer) }) as Prisma.PostWhereUniqueInput,
  description: 'A reply in a topic, or (for employees only) an internal note.',
  fields: (t) => ({
    body: t.exposeString('body', { description: 'Markdown, as the author wrote it.' }),
    internal: t.exposeBoolean('internal', {
      description: 'An employee-only note. Only employees ever receive internal posts.',
    }),
    hidden: t.exposeBoolean('hidden', { description: 'Hidden by a moderator; only moderators see it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
    author: t.relation('author'),
    topic: t.relation('topic'),
    replyTo: t.prismaField({
      type: 'Post',
      nullable: true,
      description: 'The post this one answers, when the viewer may see it.',
      resolve: async (query, post, _args, context) =>
        post.replyToId === null
          ? null
          : await db.post.findFirst({
              ...selection(query),
              where: { id: post.replyToId, ...visiblePostsInTopic(context.viewer) },
            }),
    }),
    isAcceptedAnswer: t.boolean({
      select: { acceptedFor: { select: { id: true } } },
      resolve: (post) => post.acceptedFor !== null,
    }),
    reactions: t.field({
      type: [ReactionCountRef],
      description: 'Each reaction kind the post has, with how many and whether the viewer is among them.',
      select: { reactions: { select: { kind: true, userId: true } } },
      resolve: (post, _args, context) => countReactions(post.reactions, context.viewer?.id ?? null),
    }),
    revisions: t.relation('revisions', {
      description: 'Earlier versions of the body, oldest first: the edit history anyone can read.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
  }),
});

builder.prismaObject('PostRevision', {
  description: 'The body of a post as it was before an edit.',
  fields: (t) => ({
    body: t.exposeString('body'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was replaced.' }),
    editor: t.relation('editor'),
  }),
});

function countReactions(
  reactions: readonly { kind: ReactionKind; userId: number }[],
  viewerId: number | null,
): ReactionCount[] {
  return Object.values(ReactionKind).flatMap((kind) => {
    const ofKind = reactions.filter((reaction) => reaction.kind === kind);
    return ofKind.length === 0
      ? []
      : [
          {
            kind,
            count: ofKind.length,
            viewerReacted: ofKind.some((reaction) => reaction.userId === viewerId),
          },
        ];
  });
}

builder.prismaObjectFields(Topic, (t) => ({
  posts: t.relatedConnection('posts', {
    cursor: 'id',
    totalCount: true,
    maxSize: pageSizeLimit,
    description:
      'The replies the viewer may see, oldest first. Employees also get internal notes; moderators hidden replies.',
    query: (_args, context) => ({
      where: visiblePostsInTopic(context.viewer),
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),
  }),
  acceptedAnswer: t.relation('acceptedAnswer', {
    nullable: true,
    description: 'The reply the author (or an employee) marked as the answer.',
  }),
  canModerate: t.boolean({
    description: 'Whether the viewer may pin, lock, close, move and hide here.',
    resolve: (_topic, _args, context) => canModerate(context.viewer),
  }),
}));
