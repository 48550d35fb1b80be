import { Byline } from '../../../../components/person.tsx';
import { ideaStatusLabel } from '../../../../lib/idea-status.ts';
import { fullDate, timeAgo } from '../../../../lib/time.ts';
import type { VoiceData } from './topic-query.ts';

/** Only http(s) links are followed; the server checks too. */
export const isWebLink = (url: string) => /^https?:\/\//i.test(url);

/** Every decision on an idea, oldest first: from → to, who, why, when, and the release note. */
export function IdeaStatusHistory({ history }: { history: VoiceData['ideaStatusHistory'] }) {
  if (history.length === 0) return null;
  return (
    <section className="card voice-card" aria-labelledby="idea-history-heading" data-testid="idea-history">
      <h2 id="idea-history-heading">Status history</h2>
      <ol className="status-history">
        {history.map((change) => (
          <li key={`${change.createdAt}-${change.toStatus}`} className="status-change">
            <p className="status-change-line">
              {change.fromStatus && (
                <>
                  <span className="badge badge-idea">{ideaStatusLabel(change.fromStatus)}</span>
                  <span aria-hidden="true">→</span>
                  <span className="visually-hidden">to</span>
                </>
              )}
              <span className="badge badge-idea">{ideaStatusLabel(change.toStatus)}</span>{' '}
              <time dateTime={change.createdAt} title={fullDate(change.createdAt)} suppressHydrationWarning>
                {timeAgo(change.createdAt)}
              </time>
            </p>
            <Byline person={change.changedBy} size={32} />
            <p className="status-reason">{change.reason}</p>
            {change.changelogUrl && isWebLink(change.changelogUrl) && (
              <p>
                <a href={change.changelogUrl} rel="nofollow noopener">
                  Read the release note
                </a>
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
