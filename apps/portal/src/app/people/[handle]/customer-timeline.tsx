import type { ResultOf } from 'gql.tada';
import { Markdown } from '../../../components/markdown.tsx';
import { Byline } from '../../../components/person.tsx';
import { PersonCard } from '../../../lib/fragments.ts';
import { graphql } from '../../../lib/graphql.ts';
import { escalationLabels } from '../../../lib/idea-status.ts';
import { postAnchor, topicPath } from '../../../lib/links.ts';
import { fullDate, timeAgo } from '../../../lib/time.ts';
import { CustomerNoteForm } from './customer-note-form.tsx';

/** The employees' view of one customer: null for everyone else, so nothing renders for them. */
export const CustomerMemory = graphql(
  `
  fragment CustomerMemory on Person @_unmask {
    timeline(first: 50) {
      kind at
      topic { id slug title }
      post { id body }
      escalation { status caseReference }
      note { body }
    }
    employeeNotes { body createdAt author { ...PersonCard } }
  }
`,
  [PersonCard],
);

type Memory = ResultOf<typeof CustomerMemory>;
type Entry = NonNullable<Memory['timeline']>[number];

const excerpt = (text: string) => (text.length > 160 ? `${text.slice(0, 157).trimEnd()}…` : text);

const entryText: Record<Entry['kind'], string> = {
  TOPIC_STARTED: 'Started',
  REPLIED: 'Replied in',
  VOTED: 'Voted for',
  ESCALATED: 'Escalated by the team:',
  INTERNAL_NOTE: 'Internal note on',
  CUSTOMER_NOTE: 'Note about this customer',
};

/** Topics, replies, votes, escalations and internal notes in one list, newest first. */
export function CustomerTimeline({
  personId,
  name,
  memory,
}: {
  personId: string;
  name: string;
  memory: Memory;
}) {
  if (!memory.timeline || !memory.employeeNotes) return null;
  return (
    <section className="card internal-section" aria-labelledby="memory-heading" data-testid="customer-memory">
      <h2 id="memory-heading">
        <span aria-hidden="true">🔒</span> Relationship memory
      </h2>
      <p className="internal-banner">Internal · only employees can see this, never {name}.</p>
      <h3>Notes about {name}</h3>
      {memory.employeeNotes.length === 0 ? (
        <p className="empty">No notes yet.</p>
      ) : (
        <ul className="note-list">
          {memory.employeeNotes.map((note) => (
            <li key={`${note.createdAt}-${note.author.handle}`} className="post post-internal">
              <div className="post-head">
                <Byline person={note.author} size={32} />
                <time dateTime={note.createdAt} title={fullDate(note.createdAt)}>
                  {timeAgo(note.createdAt)}
                </time>
              </div>
              <Markdown source={note.body} />
            </li>
          ))}
        </ul>
      )}
      <CustomerNoteForm personId={personId} />
      <h3>Timeline</h3>
      {memory.timeline.length === 0 ? (
        <p className="empty">Nothing yet.</p>
      ) : (
        <ol className="timeline">
          {memory.timeline.map((entry) => (
            <li
              key={`${entry.at}-${entry.kind}-${entry.post?.id ?? entry.topic?.id ?? entry.note?.body}`}
              className={
                entry.kind === 'INTERNAL_NOTE' || entry.kind === 'CUSTOMER_NOTE' ? 'timeline-internal' : ''
              }
            >
              <time dateTime={entry.at} title={fullDate(entry.at)}>
                {timeAgo(entry.at)}
              </time>{' '}
              {(entry.kind === 'INTERNAL_NOTE' || entry.kind === 'CUSTOMER_NOTE') && (
                <span className="badge badge-internal">Internal</span>
              )}{' '}
              {entryText[entry.kind]}{' '}
              {entry.topic && (
                <a href={`${topicPath(entry.topic)}${entry.post ? `#${postAnchor(entry.post.id)}` : ''}`}>
                  {entry.topic.title}
                </a>
              )}
              {entry.escalation && (
                <span className="hint">
                  {' '}
                  ({escalationLabels[entry.escalation.status]}
                  {entry.escalation.caseReference ? `, case ${entry.escalation.caseReference}` : ''})
                </span>
              )}
              {entry.post && <p className="hint">{excerpt(entry.post.body)}</p>}
              {entry.note && <p className="hint">{excerpt(entry.note.body)}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
