'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { MarkdownPreview } from '../../components/rendered-markdown.tsx';
import { useClient } from '../../lib/browser-client.ts';
import { draftKey, useDraft } from '../../lib/drafts.ts';
import { graphql } from '../../lib/graphql.ts';
import { topicPath } from '../../lib/links.ts';

const CreateTopic = graphql(`
  mutation CreateTopic($input: CreateTopicInput!) {
    createTopic(input: $input) {
      __typename
      ... on MutationCreateTopicSuccess { data { id slug } }
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);

const SimilarTopics = graphql(`
  query SimilarTopics($title: String!) {
    similarTopics(title: $title) {
      __typename
      ... on QuerySimilarTopicsSuccess { data { topic { id slug title status acceptedAnswer { id } } } }
    }
  }
`);

const kinds = [
  ['QUESTION', 'Question', 'How do I…?'],
  ['PROBLEM', 'Problem', 'Something is not working'],
  ['IDEA', 'Idea', 'It would be better if…'],
  ['PRAISE', 'Praise', 'Something you love'],
  ['DISCUSSION', 'Discussion', 'Let us talk about…'],
] as const;
type Kind = (typeof kinds)[number][0];
const NO_TOPIC: { kind: Kind; title: string; body: string } = { kind: 'QUESTION', title: '', body: '' };
const isBlank = (draft: typeof NO_TOPIC) => draft.title.trim() === '' && draft.body.trim() === '';
type Similar = Array<{ id: string; slug: string; title: string; status: string; answered: boolean }>;

export function NewTopicForm({
  categories,
  initialCategory,
  personId,
}: {
  categories: Array<{ slug: string; name: string; description: string }>;
  initialCategory?: string | undefined;
  /** Whose draft this is: it is kept in the browser until posted (or they sign out). */
  personId: string;
}) {
  const client = useClient();
  const [draft, setDraft, clearDraft] = useDraft(draftKey(personId, 'new-topic'), NO_TOPIC, isBlank);
  const { kind, title, body } = draft;
  const setKind = (next: Kind) => setDraft({ ...draft, kind: next });
  const setTitle = (next: string) => setDraft({ ...draft, title: next });
  const setBody = (next: string) => setDraft({ ...draft, body: next });
  const [preview, setPreview] = useState(false);
  const [similar, setSimilar] = useState<Similar>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  // "Was this already asked?" while the title is typed, after a short pause.
  useEffect(() => {
    if (title.trim().length < 3) {
      setSimilar([]);
      return;
    }
    const timer = setTimeout(async () => {
      const result = await client.query(SimilarTopics, { title }).toPromise();
      const answer = result.data?.similarTopics;
      if (answer?.__typename === 'QuerySimilarTopicsSuccess') {
        setSimilar(answer.data.map(({ topic }) => ({ ...topic, answered: Boolean(topic.acceptedAnswer) })));
      }
    }, 300);
    return () => clearTimeout(timer);
  }, [title, client]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const tags = String(form.get('tags') ?? '')
      .split(',')
      .map((tag) => tag.trim().toLowerCase())
      .filter(Boolean);
    setBusy(true);
    setProblems({});
    const result = await client
      .mutation(CreateTopic, { input: { kind, title, body, category: String(form.get('category')), tags } })
      .toPromise();
    const payload = result.data?.createTopic;
    if (payload?.__typename === 'MutationCreateTopicSuccess') {
      clearDraft();
      window.location.assign(topicPath(payload.data));
      return;
    }
    setBusy(false);
    if (!payload) setProblems({ form: 'Your topic could not be posted. Please try again.' });
    else if ('problems' in payload)
      setProblems(
        Object.fromEntries(
          payload.problems.map((problem) => [problem.field?.split('.').pop() ?? 'form', problem.message]),
        ),
      );
    else setProblems({ form: payload.message });
  };

  const error = (name: string) =>
    problems[name] ? (
      <span className="form-error" id={`${name}-error`}>
        {problems[name]}
      </span>
    ) : null;
  const otherProblems = Object.entries(problems).filter(
    ([name]) => !['title', 'body', 'category', 'tags', 'kind'].includes(name),
  );

  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="field kind-picker">
        <legend>What are you bringing?</legend>
        <div className="kind-options">
          {kinds.map(([value, label, hint]) => (
            <label key={value} className={kind === value ? 'kind-option kind-option-on' : 'kind-option'}>
              <input
                type="radio"
                name="kind"
                value={value}
                checked={kind === value}
                onChange={() => setKind(value)}
              />
              <span className="kind-option-label">{label}</span>
              <span className="hint">{hint}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="title">Title</label>
        <input
          id="title"
          name="title"
          type="text"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          required
          maxLength={200}
          aria-invalid={problems.title ? true : undefined}
          aria-describedby={problems.title ? 'title-error' : undefined}
        />
        {error('title')}
      </div>
      {similar.length > 0 && (
        <section className="similar" aria-labelledby="similar-heading" aria-live="polite">
          <h2 id="similar-heading">Already asked? These look similar</h2>
          <ul>
            {similar.map((topic) => (
              <li key={topic.id}>
                <a href={topicPath(topic)} target="_blank" rel="noopener">
                  {topic.title}
                </a>
                {topic.answered && <span className="badge badge-answered">Answered</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="field">
        <label htmlFor="category">Category</label>
        <select id="category" name="category" defaultValue={initialCategory ?? categories[0]?.slug} required>
          {categories.map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
        </select>
        {error('category')}
      </div>
      <div className="field">
        <span className="section-head">
          <label htmlFor="body">Details</label>
          <button type="button" className="button button-ghost" onClick={() => setPreview(!preview)}>
            {preview ? 'Edit' : 'Preview'}
          </button>
        </span>
        {preview ? (
          <div className="preview">
            <MarkdownPreview source={body} empty="Nothing to preview yet." />
          </div>
        ) : (
          <textarea
            id="body"
            name="body"
            rows={8}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            required
            aria-invalid={problems.body ? true : undefined}
            aria-describedby={problems.body ? 'body-error' : 'body-hint'}
          />
        )}
        <span className="hint" id="body-hint">
          Markdown works. Say what you tried and what you expected.
        </span>
        {error('body')}
      </div>
      <div className="field">
        <label htmlFor="tags">Tags</label>
        <input id="tags" name="tags" type="text" aria-describedby="tags-hint" placeholder="bank-feeds, vat" />
        <span className="hint" id="tags-hint">
          Up to 5, separated by commas.
        </span>
        {error('tags')}
      </div>
      {otherProblems.length > 0 && (
        <p className="form-error" role="alert">
          {otherProblems.map(([, message]) => message).join(' ')}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Posting…' : 'Post to the community'}
      </button>
    </form>
  );
}
