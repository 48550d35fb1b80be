// The schema is the sum of its type files; each registers itself with the builder.
import { builder } from './builder.ts';
import { withSyncNodeIds } from './sync-ids.ts';
import './scalars.ts';
import './enums.ts';
import './errors.ts';
import './person.ts';
import './department.ts';
import './account.ts';
import './category.ts';
import './tag.ts';
import './topic.ts';
import './topic-mutations.ts';
import './ideas.ts';
import './listening.ts';
import './escalations.ts';
import './check-ins.ts';
import './customer-notes.ts';
import './post-mutations.ts';
import './post.ts';
import './notification.ts';
import './conversations.ts';
import './search/search.ts';
import './realtime/subscriptions.ts';
import './realtime/presence.ts';
import './api-token.ts';
import './webhook.ts';

export const schema = withSyncNodeIds(builder.toSchema({ sortSchema: false }));
