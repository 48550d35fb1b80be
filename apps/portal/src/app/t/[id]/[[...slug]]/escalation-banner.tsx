import { Byline } from '../../../../components/person.tsx';
import { escalationLabels } from '../../../../lib/idea-status.ts';
import { fullDate, timeAgo } from '../../../../lib/time.ts';
import type { VoiceData } from './topic-query.ts';

/**
 * "Escalated — in progress" and who owns the case, for everyone. The internal case reference
 * reaches this page only for employees (the server nulls it for everyone else), and is shown
 * only to them, marked internal.
 */
export function EscalationBanner({
  escalation,
  isEmployee,
}: {
  escalation: VoiceData['escalation'];
  isEmployee: boolean;
}) {
  if (!escalation) return null;
  const label = escalationLabels[escalation.status];
  return (
    <section
      className={`card voice-card escalation escalation-${escalation.status.toLowerCase()}`}
      aria-labelledby="escalation-heading"
      data-testid="escalation"
    >
      <h2 id="escalation-heading">Escalated — {label}</h2>
      <p className="hint">
        The team took this further. {escalation.resolvedAt ? 'Resolved' : 'Last updated'}{' '}
        <time
          dateTime={escalation.resolvedAt ?? escalation.updatedAt}
          title={fullDate(escalation.resolvedAt ?? escalation.updatedAt)}
          suppressHydrationWarning
        >
          {timeAgo(escalation.resolvedAt ?? escalation.updatedAt)}
        </time>
        . Owned by:
      </p>
      <Byline person={escalation.owner} size={36} />
      {isEmployee && escalation.caseReference && (
        <p className="internal-banner">
          <span aria-hidden="true">🔒</span> Internal · case {escalation.caseReference}
        </p>
      )}
      {escalation.resolutionSummary && (
        <div className="resolution">
          <h3>What was done</h3>
          <p className="status-reason">{escalation.resolutionSummary}</p>
        </div>
      )}
      {escalation.confirmed === true && (
        <p className="resolution-confirmed">Confirmed resolved by the author.</p>
      )}
    </section>
  );
}
