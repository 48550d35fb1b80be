import type { TopicKind, TopicStatus, UserKind } from '@parley/prisma/enums';

/** What search returns: topics, replies (and employees' internal notes) and employee profiles. */
export type SearchType = 'TOPIC' | 'POST' | 'PERSON';

/**
 * What a search may return, decided by the schema from the viewer before the engine runs:
 * engines filter on these flags, so content outside them never leaves the engine.
 */
export interface SearchAudience {
  /** Employees' internal notes. */
  internal: boolean;
  /** Hidden topics and replies (and replies in hidden topics). */
  hidden: boolean;
}

export interface SearchFilter {
  types: readonly SearchType[];
  /** A category slug. */
  category?: string | undefined;
  /** Tag slugs; a hit must carry every one. */
  tags?: readonly string[] | undefined;
  status?: TopicStatus | undefined;
  kind?: TopicKind | undefined;
  authorKind?: UserKind | undefined;
  /** Topics (and their replies) with or without an accepted answer. */
  answered?: boolean | undefined;
}

export interface SearchRequest {
  /** The user's text, already checked by `checkSearchText` (trimmed, 1-500 characters, no NUL). */
  text: string;
  filter: SearchFilter;
  audience: SearchAudience;
  limit: number;
  offset: number;
  /** "Now" for the recency part of ranking. */
  now: Date;
}

/** One highlighted field: HTML-escaped text in which matched terms are wrapped in `<mark>`. */
export interface SearchHighlight {
  field: 'title' | 'body' | 'keywords';
  snippet: string;
}

export interface SearchHitRef {
  type: SearchType;
  /** The topic's, post's or user's id. */
  id: number;
  /** The topic a topic or reply belongs to. */
  topicId: number | null;
  score: number;
  highlights: SearchHighlight[];
}

export interface SearchPage {
  hits: SearchHitRef[];
  /** Whether more hits follow this page. */
  hasMore: boolean;
}

export interface SuggestRequest {
  prefix: string;
  audience: SearchAudience;
  limit: number;
  now: Date;
}

/** A title or a name to complete as the user types. */
export interface SuggestionRef {
  type: 'TOPIC' | 'PERSON';
  id: number;
  text: string;
  /** `text`, HTML-escaped, with the matched part in `<mark>`. */
  highlighted: string;
}

export interface SimilarRequest {
  title: string;
  audience: SearchAudience;
  limit: number;
  now: Date;
}

/** The search engine as the schema sees it: reads only. The server also indexes. */
export interface SearchService {
  search(request: SearchRequest): Promise<SearchPage>;
  suggest(request: SuggestRequest): Promise<SuggestionRef[]>;
  /** Topics whose title or text resembles `title`: "was this already asked?" */
  similarTopics(request: SimilarRequest): Promise<SearchHitRef[]>;
}
