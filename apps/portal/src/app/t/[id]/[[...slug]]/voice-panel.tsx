'use client';

import dynamic from 'next/dynamic';
import { EscalationBanner } from './escalation-banner.tsx';
import { IdeaStatusHistory } from './idea-status.tsx';
import { MergeNotices } from './merge-notices.tsx';
import type { TopicUpdate, VoiceTopic } from './topic-query.ts';

// Prompts and team tools are for a few readers: loaded only when shown.
const ResolutionPrompt = dynamic(() => import('./author-prompts.tsx').then((mod) => mod.ResolutionPrompt));
const CheckInPrompt = dynamic(() => import('./author-prompts.tsx').then((mod) => mod.CheckInPrompt));
export const StaffTools = dynamic(() => import('./staff-tools.tsx').then((mod) => mod.StaffTools));

/**
 * What the company did with this topic, for every reader: merges and related topics, the
 * escalation and its owner, an idea's decisions; and for the author, the questions asked of them.
 */
export function VoicePanel({
  topic,
  isEmployee,
  canAnswer,
  onTopic,
}: {
  topic: VoiceTopic;
  isEmployee: boolean;
  /** The author or a moderator: who answers "Resolved for you?" and "Still happening?". */
  canAnswer: boolean;
  onTopic: (topic: TopicUpdate) => void;
}) {
  return (
    <>
      <MergeNotices topic={topic} />
      <EscalationBanner escalation={topic.escalation} isEmployee={isEmployee} />
      {canAnswer && topic.escalation?.awaitingConfirmation && (
        <ResolutionPrompt topicId={topic.id} onTopic={onTopic} />
      )}
      {canAnswer && topic.checkIn?.awaitingAnswer && <CheckInPrompt topicId={topic.id} onTopic={onTopic} />}
      {topic.kind === 'IDEA' && <IdeaStatusHistory history={topic.ideaStatusHistory} />}
    </>
  );
}
