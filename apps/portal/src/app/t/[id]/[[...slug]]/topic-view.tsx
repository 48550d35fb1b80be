'use client';

import type { ResultOf } from 'gql.tada';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ConnectionBadge, useLive } from '../../../../components/live-provider.tsx';
import { Byline } from '../../../../components/person.tsx';
import { RenderedMarkdown } from '../../../../components/rendered-markdown.tsx';
import { documentText, useClient } from '../../../../lib/browser-client.ts';
import { ideaStatusLabel } from '../../../../lib/idea-status.ts';
import { categoryPath, postAnchor, topicPath } from '../../../../lib/links.ts';
import { renderRemote } from '../../../../lib/render-remote.ts';
import type { Viewer } from '../../../../lib/server-client.ts';
import { formatMinutes, fullDate, timeAgo } from '../../../../lib/time.ts';
import { ReplyBox } from './reply-box.tsx';
import {
  Follow,
  ReactToPost,
  TopicActivity,
  TopicPresence,
  Unfollow,
  Unvote,
  Vote,
} from './topic-mutations.ts';
import { type PostData, type TopicData, TopicPostsAfter } from './topic-query.ts';
import { StaffTools, VoicePanel } from './voice-panel.tsx';

// Editing and the edit history are for a few readers: loaded only when opened.
const PostEditor = dynamic(() => import('./post-editor.tsx').then((mod) => mod.PostEditor));
const TopicEditor = dynamic(() => import('./post-editor.tsx').then((mod) => mod.TopicEditor));
const PostHistory = dynamic(() => import('./post-history.tsx').then((mod) => mod.PostHistory));

type TopicStateData = Omit<TopicData, 'posts' | 'author' | 'tags' | 'createdAt' | 'activityCursor'> &
  Partial<TopicData>;
/** A post with its body already rendered by the portal's server. */
export type RenderedPost = PostData & { html: string };
type Presence = ResultOf<typeof TopicPresence>['topicPresence'];
interface Typist {
  id: string;
  label: string;
  until: number;
}

const reactionLabels = {
  THUMBS_UP: ['👍', 'Thumbs up'],
  HEART: ['❤️', 'Love'],
  CELEBRATE: ['🎉', 'Celebrate'],
  INSIGHTFUL: ['💡', 'Insightful'],
  THANKS: ['🙏', 'Thanks'],
} as const;
type ReactionKind = keyof typeof reactionLabels;
const reactionKinds = Object.keys(reactionLabels) as ReactionKind[];

/** The replies after those on the page, in a long conversation: where they start, how many. */
interface LaterReplies {
  after: string;
  count: number;
}

type PostsPage = TopicData['posts'];

function laterReplies(page: Pick<PostsPage, 'totalCount' | 'pageInfo'>, loaded: number): LaterReplies | null {
  const { hasNextPage, endCursor } = page.pageInfo;
  return hasNextPage && endCursor ? { after: endCursor, count: Math.max(page.totalCount - loaded, 1) } : null;
}

/** Typists are forgotten 8 s after their last refresh, as the server does. */
const TYPING_TTL_MS = 8_000;

export function TopicView({
  initial,
  initialPosts,
  initialBodyHtml,
  viewer,
}: {
  initial: TopicData;
  initialPosts: RenderedPost[];
  initialBodyHtml: string;
  viewer: Viewer | null;
}) {
  const client = useClient();
  const { socket } = useLive();
  const [topic, setTopic] = useState<TopicStateData>(initial);
  const [posts, setPosts] = useState<RenderedPost[]>(initialPosts);
  const [bodyHtml, setBodyHtml] = useState(initialBodyHtml);
  const postsRef = useRef(posts);
  postsRef.current = posts;
  // A long conversation arrives 100 replies at a time; new ones wait behind the unread rest.
  const [later, setLater] = useState(() => laterReplies(initial.posts, initialPosts.length));
  const laterRef = useRef(later);
  laterRef.current = later;
  const [loadingLater, setLoadingLater] = useState(false);
  // A link to a reply not yet on the page (from a notification): load on until it is here.
  const [wanted, setWanted] = useState<string | null>(null);
  const bodyRef = useRef(initial.body);
  // Live posts are rendered by the server one after another, so they land in arrival order.
  const renderQueue = useRef<Promise<void>>(Promise.resolve());
  const [typists, setTypists] = useState<Typist[]>([]);
  const [presence, setPresence] = useState<Presence | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // What the viewer is editing: 'topic', or one of their posts by id.
  const [editing, setEditing] = useState<string | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const topicId = initial.id;
  const isEmployee = viewer?.kind === 'EMPLOYEE';
  const isAuthor = viewer?.person.handle === initial.author.handle;
  const canAccept = Boolean(viewer && (isAuthor || isEmployee || topic.canModerate));
  const canAnswer = isAuthor || viewer?.role === 'MODERATOR' || viewer?.role === 'ADMIN';

  /**
   * Adds or updates a post. While replies before it are still unread (`later`), a new one is
   * only counted: it arrives with the rest, in its place. Runs in the render queue, after any
   * page being loaded, so a post is never both missed by a page and dropped as too new.
   */
  const upsertPost = useCallback((post: PostData) => {
    renderQueue.current = renderQueue.current.then(async () => {
      const existing = postsRef.current.find((each) => each.id === post.id);
      if (!existing && laterRef.current) {
        const next = { ...laterRef.current, count: laterRef.current.count + 1 };
        laterRef.current = next;
        setLater(next);
        return;
      }
      const html =
        existing && existing.body === post.body
          ? existing.html
          : ((await renderRemote([post.body]).catch(() => null))?.[0] ?? '');
      setPosts((current) => {
        const rendered = { ...post, html };
        const index = current.findIndex((each) => each.id === post.id);
        if (index === -1) return [...current, rendered];
        const next = [...current];
        next[index] = rendered;
        return next;
      });
    });
    return renderQueue.current;
  }, []);

  /** Reads the next page of replies; false when it could not. */
  const loadLater = useCallback((): Promise<boolean> => {
    let loaded = false;
    setLoadingLater(true);
    renderQueue.current = renderQueue.current.then(async () => {
      const from = laterRef.current;
      if (!from) return;
      const result = await client.query(TopicPostsAfter, { id: topicId, after: from.after }).toPromise();
      const page = result.data?.topic?.posts;
      const nodes = page?.edges.map((edge) => edge.node) ?? [];
      const html = page ? await renderRemote(nodes.map((node) => node.body)).catch(() => null) : null;
      if (!page || !html) {
        setNotice('The rest of the conversation could not be loaded. Please try again.');
        return;
      }
      const known = new Set(postsRef.current.map((post) => post.id));
      const added = nodes.map((node, index) => ({ ...node, html: html[index] ?? '' }));
      const next = [...postsRef.current, ...added.filter((post) => !known.has(post.id))];
      postsRef.current = next;
      setPosts(next);
      laterRef.current = laterReplies(page, next.length);
      setLater(laterRef.current);
      loaded = true;
    });
    return renderQueue.current.then(() => {
      setLoadingLater(false);
      return loaded;
    });
  }, [client, topicId]);

  /** The viewer's own reply goes at the end, so everything before it is loaded first. */
  const addOwnPost = useCallback(
    async (post: PostData) => {
      while (laterRef.current) if (!(await loadLater())) break;
      await upsertPost(post);
    },
    [loadLater, upsertPost],
  );

  useEffect(() => {
    const anchor = decodeURIComponent(window.location.hash.slice(1));
    if (anchor.startsWith('post-') && !document.getElementById(anchor)) setWanted(anchor);
  }, []);
  useEffect(() => {
    if (!wanted || loadingLater) return;
    const element = document.getElementById(wanted);
    if (element || !later) {
      setWanted(null);
      element?.scrollIntoView();
    } else void loadLater();
  }, [wanted, later, loadingLater, loadLater]);

  /** Takes a change to the topic; resolves once a changed body is rendered. */
  const updateTopic = useCallback(async (changed: Partial<TopicStateData>) => {
    setTopic((current) => ({ ...current, ...changed }));
    const body = changed.body;
    if (body !== undefined && body !== bodyRef.current) {
      bodyRef.current = body;
      const [html] = await renderRemote([body]).catch(() => []);
      if (html !== undefined) setBodyHtml(html);
    }
  }, []);

  // Live: every change since the server rendered this page (its cursor), then as it happens.
  // graphql-ws re-sends this same payload when it reconnects, so keeping `after` at the last
  // cursor seen makes every reconnect catch up on exactly what was missed.
  useEffect(() => {
    const payload = {
      query: documentText(TopicActivity),
      variables: { topicId, after: initial.activityCursor as number | null },
    };
    const dispose = socket.subscribe<ResultOf<typeof TopicActivity>>(payload, {
      next: ({ data }) => {
        const event = data?.topicActivity;
        if (!event) return;
        if (event.__typename === 'TypingChanged') {
          if (event.person.id === viewer?.person.id) return;
          const label = event.person.isEmployee
            ? `${event.person.displayName}${event.person.department ? ` from ${event.person.department.name}` : ''}`
            : event.person.displayName;
          setTypists((current) => [
            ...current.filter((typist) => typist.id !== event.person.id),
            ...(event.typing ? [{ id: event.person.id, label, until: Date.now() + TYPING_TTL_MS }] : []),
          ]);
          return;
        }
        const last = payload.variables.after;
        if (last !== null && event.cursor <= last) return;
        payload.variables.after = event.cursor;
        switch (event.__typename) {
          case 'PostAdded':
            upsertPost(event.post);
            setTypists((current) => current.filter((typist) => typist.id !== event.post.author.id));
            break;
          case 'PostEdited':
            upsertPost(event.post);
            break;
          case 'PostRemoved':
            if (!postsRef.current.some((post) => post.id === event.postId) && laterRef.current) {
              const rest = laterRef.current.count - 1;
              setLater((current) => current && { ...current, count: Math.max(rest, 1) });
            }
            setPosts((current) => current.filter((post) => post.id !== event.postId));
            break;
          case 'TopicChanged':
            updateTopic(event.topic);
            if (event.changes.includes('acceptedAnswer') || event.changes.includes('status')) {
              setPosts((current) =>
                current.map((post) => ({
                  ...post,
                  isAcceptedAnswer: post.id === event.topic.acceptedAnswer?.id,
                })),
              );
            }
            break;
        }
      },
      error: () => setNotice('Live updates stopped. Reload the page to see the latest.'),
      complete: () => {},
    });
    return dispose;
  }, [socket, topicId, initial.activityCursor, upsertPost, updateTopic, viewer?.person.id]);

  useEffect(() => {
    return socket.subscribe<ResultOf<typeof TopicPresence>>(
      { query: documentText(TopicPresence), variables: { topicId } },
      { next: ({ data }) => data && setPresence(data.topicPresence), error: () => {}, complete: () => {} },
    );
  }, [socket, topicId]);

  // Forget typists whose refresh stopped coming.
  useEffect(() => {
    if (typists.length === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTypists((current) => current.filter((typist) => typist.until > now));
    }, 1_000);
    return () => clearInterval(timer);
  }, [typists.length]);

  const act = useCallback(
    async (run: () => Promise<{ error?: { message: string } | undefined; failure?: string | undefined }>) => {
      setNotice(null);
      const { error, failure } = await run();
      if (error) setNotice('Something went wrong. Please try again.');
      else if (failure) setNotice(failure);
    },
    [],
  );

  const toggleVote = () =>
    act(async () => {
      const result = topic.viewerHasVoted
        ? await client.mutation(Unvote, { topicId }).toPromise()
        : await client.mutation(Vote, { topicId }).toPromise();
      const payload = result.data && ('vote' in result.data ? result.data.vote : result.data.unvote);
      if (payload && 'data' in payload) updateTopic(payload.data);
      return { error: result.error, failure: payload && 'message' in payload ? payload.message : undefined };
    });

  const toggleFollow = () =>
    act(async () => {
      const result = topic.viewerIsFollowing
        ? await client.mutation(Unfollow, { topicId }).toPromise()
        : await client.mutation(Follow, { topicId }).toPromise();
      const payload =
        result.data && ('followTopic' in result.data ? result.data.followTopic : result.data.unfollowTopic);
      if (payload && 'data' in payload) updateTopic(payload.data);
      return { error: result.error, failure: payload && 'message' in payload ? payload.message : undefined };
    });

  const moderate = (action: 'pin' | 'lock' | 'close' | 'hide', on: boolean) =>
    act(async () => {
      const { Moderate } = await import('./moderation-mutations.ts');
      const result = await client
        .mutation(Moderate, {
          topicId,
          pin: on,
          lock: on,
          close: on,
          hide: on,
          doPin: action === 'pin',
          doLock: action === 'lock',
          doClose: action === 'close',
          doHide: action === 'hide',
        })
        .toPromise();
      const payload = result.data && Object.values(result.data).find(Boolean);
      if (payload && 'data' in payload) updateTopic(payload.data);
      return { error: result.error, failure: payload && 'message' in payload ? payload.message : undefined };
    });

  const react = (post: PostData, kind: ReactionKind, on: boolean) =>
    act(async () => {
      const result = await client.mutation(ReactToPost, { postId: post.id, kind, on }).toPromise();
      const payload = result.data?.react;
      if (payload && 'data' in payload) upsertPost(payload.data);
      return { error: result.error, failure: payload && 'message' in payload ? payload.message : undefined };
    });

  const accept = (post: PostData, on: boolean) =>
    act(async () => {
      const { AcceptAnswer, UnacceptAnswer } = await import('./moderation-mutations.ts');
      const result = on
        ? await client.mutation(AcceptAnswer, { postId: post.id }).toPromise()
        : await client.mutation(UnacceptAnswer, { topicId }).toPromise();
      const payload =
        result.data &&
        ('acceptAnswer' in result.data ? result.data.acceptAnswer : result.data.unacceptAnswer);
      if (payload && !('message' in payload)) {
        setTopic((current) => ({ ...current, acceptedAnswer: on ? { id: post.id } : null }));
        setPosts((current) =>
          current.map((each) => ({ ...each, isAcceptedAnswer: on && each.id === post.id })),
        );
      }
      return { error: result.error, failure: payload && 'message' in payload ? payload.message : undefined };
    });

  const hidePost = (post: PostData, on: boolean) =>
    act(async () => {
      const { HidePost } = await import('./moderation-mutations.ts');
      const result = await client.mutation(HidePost, { postId: post.id, on }).toPromise();
      const payload = result.data?.hidePost;
      if (payload && !('message' in payload)) upsertPost({ ...post, hidden: on });
      return { error: result.error, failure: payload && 'message' in payload ? payload.message : undefined };
    });

  const accepted = useMemo(
    () => posts.find((post) => post.id === topic.acceptedAnswer?.id && !post.internal),
    [posts, topic.acceptedAnswer?.id],
  );
  const typingLine = typists.length
    ? `${typists.map((typist) => typist.label).join(' and ')} ${typists.length === 1 ? 'is' : 'are'} typing…`
    : '';

  return (
    <article className="topic" aria-labelledby="topic-title">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <a href="/">Community</a> <span aria-hidden="true">›</span>{' '}
        <a href={categoryPath(topic.category.slug)}>{topic.category.name}</a>
      </nav>
      <header className="topic-header">
        <div className="topic-badges">
          <span className={`kind kind-${topic.kind.toLowerCase()}`}>{topic.kind.toLowerCase()}</span>
          <StatusBadge status={topic.status} awaiting={topic.awaitingEmployee} />
          {topic.ideaStatus && topic.kind === 'IDEA' && (
            <span className="badge badge-idea" data-testid="idea-status">
              {ideaStatusLabel(topic.ideaStatus)}
            </span>
          )}
          {topic.pinned && <span className="badge">Pinned</span>}
          {topic.locked && <span className="badge badge-muted">Locked</span>}
          {topic.hidden && <span className="badge badge-danger">Hidden</span>}
          <ConnectionBadge />
        </div>
        <h1 id="topic-title">{topic.title}</h1>
        <p className="topic-meta">
          Started by {initial.author.displayName}{' '}
          <time dateTime={initial.createdAt} title={fullDate(initial.createdAt)} suppressHydrationWarning>
            {timeAgo(initial.createdAt)}
          </time>
          {topic.editedAt && (
            <>
              {' · '}
              <button
                type="button"
                className="edited-mark"
                aria-expanded={historyOf === topic.id}
                aria-controls="topic-history"
                title={`Edited ${fullDate(topic.editedAt)}: show earlier versions`}
                onClick={() => setHistoryOf(historyOf === topic.id ? null : topic.id)}
              >
                edited
              </button>
            </>
          )}
          {topic.firstResponseMinutes !== null && topic.firstResponseMinutes !== undefined && (
            <> · first employee reply after {formatMinutes(topic.firstResponseMinutes)}</>
          )}
        </p>
        {initial.tags.length > 0 && (
          <ul className="tags" aria-label="Tags">
            {initial.tags.map((tag) => (
              <li key={tag.slug}>
                <a href={`${categoryPath(topic.category.slug)}?tag=${encodeURIComponent(tag.slug)}`}>
                  #{tag.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </header>

      <PresenceLine presence={presence} />

      <VoicePanel topic={topic} isEmployee={isEmployee} canAnswer={canAnswer} onTopic={updateTopic} />

      {accepted && (
        <section className="accepted" aria-labelledby="accepted-heading">
          <h2 id="accepted-heading">
            <span aria-hidden="true">✓</span> Accepted answer
          </h2>
          <Byline person={accepted.author} />
          <RenderedMarkdown html={accepted.html} />
          <a href={`#${postAnchor(accepted.id)}`}>Jump to this reply in the conversation</a>
        </section>
      )}

      <section className="post post-opening" aria-label="The question">
        <Byline person={initial.author} />
        {editing === 'topic' ? (
          <TopicEditor topic={topic} onSaved={updateTopic} onClose={() => setEditing(null)} />
        ) : (
          <RenderedMarkdown html={bodyHtml} />
        )}
        {historyOf === topic.id && topic.editedAt && (
          <PostHistory key={topic.editedAt} nodeId={topic.id} id="topic-history" />
        )}
        <div className="topic-actions">
          {isAuthor && editing !== 'topic' && (
            <button type="button" className="button button-secondary" onClick={() => setEditing('topic')}>
              Edit topic
            </button>
          )}
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={topic.viewerHasVoted}
            onClick={viewer ? toggleVote : undefined}
            disabled={!viewer}
            title={viewer ? undefined : 'Sign in to vote'}
          >
            <span aria-hidden="true">▲</span> {topic.viewerHasVoted ? 'Voted' : 'Vote'} · {topic.voteCount}
          </button>
          <button
            type="button"
            className="button button-secondary"
            aria-pressed={topic.viewerIsFollowing}
            onClick={viewer ? toggleFollow : undefined}
            disabled={!viewer}
            title={viewer ? undefined : 'Sign in to follow'}
          >
            {topic.viewerIsFollowing ? 'Following' : 'Follow'} · {topic.followerCount}
          </button>
          {topic.canModerate && (
            <fieldset className="mod-actions">
              <legend>Moderation</legend>
              <button
                type="button"
                className="button button-ghost"
                onClick={() => moderate('pin', !topic.pinned)}
              >
                {topic.pinned ? 'Unpin' : 'Pin'}
              </button>
              <button
                type="button"
                className="button button-ghost"
                onClick={() => moderate('lock', !topic.locked)}
              >
                {topic.locked ? 'Unlock' : 'Lock'}
              </button>
              <button
                type="button"
                className="button button-ghost"
                onClick={() => moderate('close', topic.status !== 'CLOSED')}
              >
                {topic.status === 'CLOSED' ? 'Reopen' : 'Close'}
              </button>
              <button
                type="button"
                className="button button-ghost"
                onClick={() => moderate('hide', !topic.hidden)}
              >
                {topic.hidden ? 'Show' : 'Hide'}
              </button>
            </fieldset>
          )}
        </div>
      </section>

      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}

      <section aria-labelledby="replies-heading" className="replies">
        <RepliesHeading posts={posts} topic={later ? topic : null} isEmployee={isEmployee} />
        {posts.length === 0 ? (
          <p className="empty">
            No replies yet.{' '}
            {topic.awaitingEmployee ? 'Someone from the team will be along soon.' : 'Be the first to reply.'}
          </p>
        ) : (
          <ol className="thread">
            {posts.map((post) => (
              <li
                key={post.id}
                id={postAnchor(post.id)}
                className={[
                  'post',
                  post.internal && 'post-internal',
                  post.author.isEmployee && 'post-employee',
                  post.isAcceptedAnswer && 'post-accepted',
                  post.hidden && 'post-hidden',
                ]
                  .filter(Boolean)
                  .join(' ')}
                data-testid="post"
              >
                {post.internal && (
                  <p className="internal-banner">
                    <span aria-hidden="true">🔒</span> Internal note · only employees can see this
                  </p>
                )}
                <div className="post-head">
                  <Byline person={post.author} />
                  <span className="post-time">
                    <a href={`#${postAnchor(post.id)}`}>
                      <time
                        dateTime={post.createdAt}
                        title={fullDate(post.createdAt)}
                        suppressHydrationWarning
                      >
                        {timeAgo(post.createdAt)}
                      </time>
                    </a>
                    {post.editedAt && (
                      <>
                        {' · '}
                        <button
                          type="button"
                          className="edited-mark"
                          aria-expanded={historyOf === post.id}
                          aria-controls={`${postAnchor(post.id)}-history`}
                          title={`Edited ${fullDate(post.editedAt)}: show earlier versions`}
                          onClick={() => setHistoryOf(historyOf === post.id ? null : post.id)}
                        >
                          edited
                        </button>
                      </>
                    )}
                  </span>
                </div>
                {post.isAcceptedAnswer && (
                  <p className="accepted-mark">
                    <span aria-hidden="true">✓</span> Accepted answer
                  </p>
                )}
                {post.hidden && <p className="hidden-mark">Hidden by a moderator</p>}
                {editing === post.id ? (
                  <PostEditor post={post} onSaved={upsertPost} onClose={() => setEditing(null)} />
                ) : (
                  <RenderedMarkdown html={post.html} />
                )}
                {historyOf === post.id && post.editedAt && (
                  <PostHistory key={post.editedAt} nodeId={post.id} id={`${postAnchor(post.id)}-history`} />
                )}
                <div className="post-actions">
                  {!post.internal && (
                    <ul className="reactions" aria-label="Reactions">
                      {reactionKinds.map((kind) => {
                        const count = post.reactions.find((reaction) => reaction.kind === kind);
                        const [emoji, label] = reactionLabels[kind];
                        if (!viewer && !count?.count) return null;
                        return (
                          <li key={kind}>
                            <button
                              type="button"
                              className="reaction"
                              aria-pressed={count?.viewerReacted ?? false}
                              aria-label={`${label}: ${count?.count ?? 0}`}
                              disabled={!viewer}
                              onClick={() => react(post, kind, !count?.viewerReacted)}
                            >
                              <span aria-hidden="true">{emoji}</span>
                              {count?.count ? <span aria-hidden="true">{count.count}</span> : null}
                            </button>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                  {viewer?.person.id === post.author.id && editing !== post.id && (
                    <button type="button" className="button button-ghost" onClick={() => setEditing(post.id)}>
                      Edit reply
                    </button>
                  )}
                  {canAccept && !post.internal && (
                    <button
                      type="button"
                      className="button button-ghost"
                      onClick={() => accept(post, !post.isAcceptedAnswer)}
                    >
                      {post.isAcceptedAnswer ? 'Unaccept answer' : 'Accept as answer'}
                    </button>
                  )}
                  {topic.canModerate && (
                    <button
                      type="button"
                      className="button button-ghost"
                      onClick={() => hidePost(post, !post.hidden)}
                    >
                      {post.hidden ? 'Show reply' : 'Hide reply'}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ol>
        )}
        {later && (
          <p className="load-later">
            <button
              type="button"
              className="button button-secondary"
              disabled={loadingLater}
              onClick={() => void loadLater()}
            >
              {loadingLater
                ? 'Loading…'
                : `Show ${later.count} more ${later.count === 1 ? 'reply' : 'replies'}`}
            </button>
          </p>
        )}
        <p className="typing" aria-live="polite">
          {typingLine}
        </p>
      </section>

      {viewer && (isEmployee || topic.canModerate) && (
        <StaffTools topic={topic} viewerId={viewer.person.id} isEmployee={isEmployee} onTopic={updateTopic} />
      )}

      <ReplyBox
        topicId={topicId}
        viewer={viewer}
        locked={topic.locked}
        returnTo={topicPath(topic)}
        onPosted={addOwnPost}
      />
    </article>
  );
}

/**
 * How many replies the conversation has: counted on the page once it holds them all, else the
 * topic's own counters (the viewer's reply count, and internal notes for employees).
 */
function RepliesHeading({
  posts,
  topic,
  isEmployee,
}: {
  posts: RenderedPost[];
  topic: Pick<TopicData, 'replyCount' | 'internalNoteCount'> | null;
  isEmployee: boolean;
}) {
  const replies = topic?.replyCount ?? posts.filter((post) => !post.internal).length;
  const internal = topic?.internalNoteCount ?? posts.filter((post) => post.internal).length;
  return (
    <h2 id="replies-heading">
      {replies} {replies === 1 ? 'reply' : 'replies'}
      {isEmployee && internal > 0 && <span className="internal-count"> · {internal} internal</span>}
    </h2>
  );
}

function StatusBadge({ status, awaiting }: { status: string; awaiting: boolean }) {
  if (awaiting) return <span className="badge badge-waiting">Waiting for an employee</span>;
  if (status === 'ANSWERED') return <span className="badge badge-answered">Answered</span>;
  if (status === 'CLOSED') return <span className="badge badge-muted">Closed</span>;
  return <span className="badge">Open</span>;
}

function PresenceLine({ presence }: { presence: Presence | null }) {
  if (!presence) return null;
  const employees = presence.employees.map(
    (person) => `${person.displayName}${person.department ? ` (${person.department.name})` : ''}`,
  );
  const others = presence.customers + presence.anonymous;
  const text = [
    ...employees,
    ...(others > 0
      ? [`${others} ${employees.length ? 'other' : ''}${others === 1 ? ' reader' : ' readers'}`.trim()]
      : []),
  ].join(', ');
  return (
    <p className="presence">
      <span className="presence-dot" aria-hidden="true" /> Viewing now: {text || 'just you'}
    </p>
  );
}
