// The shape of the demo community's hand-written content. The seed (../seed.ts) derives
// everything else from it: timestamps, counters, followers, first employee responses.

export type Role = 'MEMBER' | 'MODERATOR' | 'ADMIN';
export type TopicKind = 'QUESTION' | 'IDEA' | 'PROBLEM' | 'PRAISE' | 'DISCUSSION';
export type IdeaStatus =
  | 'OPEN'
  | 'UNDER_REVIEW'
  | 'PLANNED'
  | 'IN_PROGRESS'
  | 'SHIPPED'
  | 'DECLINED'
  | 'DUPLICATE';

export interface SeedDepartment {
  slug: string;
  name: string;
  description: string;
}

export interface SeedEmployee {
  /** 3-30 of [a-z0-9_-]. */
  handle: string;
  displayName: string;
  title: string;
  /** A SeedDepartment slug. */
  department: string;
  bio: string;
  expertise: string[];
  pronouns?: string;
  location?: string;
  role?: Role;
}

export interface SeedCustomer {
  handle: string;
  displayName: string;
  bio: string;
  role?: Role;
}

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
}

export interface SeedReply {
  /** A customer's or an employee's handle. */
  author: string;
  /** Markdown. */
  body: string;
  /** Minutes after the topic was started. Replies are listed in this order. */
  afterMinutes: number;
  /** An employee-only note (author must be an employee). */
  internal?: boolean;
}

export interface SeedTopic {
  /** A SeedCategory slug. */
  category: string;
  /** Usually a customer's handle: customers start the conversations. */
  author: string;
  kind: TopicKind;
  title: string;
  /** Markdown. */
  body: string;
  /** Lower-case tag slugs, at most 5. */
  tags: string[];
  /** How many hours before the seed runs the topic was started. */
  ageHours: number;
  replies: SeedReply[];
  /** Index into `replies` of the accepted answer. */
  acceptedReply?: number;
  closed?: boolean;
  pinned?: boolean;
  locked?: boolean;
  /** For IDEA topics. */
  ideaStatus?: IdeaStatus;
  /** How many customers voted for it (chosen deterministically from the customer list). */
  votes?: number;
}
