import { IdeaStatus, TopicKind, TopicStatus, UserKind, UserRole } from '@parley/prisma/enums';
import { builder } from './builder.ts';

export const UserKindEnum = builder.enumType(UserKind, {
  name: 'UserKind',
  description: "Whether a person is one of the company's customers or one of its employees.",
});
export const UserRoleEnum = builder.enumType(UserRole, { name: 'UserRole' });
export const TopicKindEnum = builder.enumType(TopicKind, {
  name: 'TopicKind',
  description: 'What a customer is bringing: a question, an idea, a problem, praise or a discussion.',
});
export const TopicStatusEnum = builder.enumType(TopicStatus, { name: 'TopicStatus' });
export const IdeaStatusEnum = builder.enumType(IdeaStatus, { name: 'IdeaStatus' });
