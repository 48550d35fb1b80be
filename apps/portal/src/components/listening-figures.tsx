'use client';

import type { ResultOf } from 'gql.tada';
import { useState } from 'react';
import { useSubscription } from '../lib/browser-client.ts';
import { ListeningFields } from '../lib/fragments.ts';
import { graphql } from '../lib/graphql.ts';
import { formatMinutes } from '../lib/time.ts';

export type ListeningData = ResultOf<typeof ListeningFields>;

const ListeningChanged = graphql(
  `
  subscription ListeningChanged($category: String, $department: String) {
    listeningChanged(category: $category, department: $department) { ...ListeningFields }
  }
`,
  [ListeningFields],
);

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** The figures as `<dt>/<dd>` pairs, for a `<dl>` the page owns. */
export function ListeningTerms({ figures }: { figures: ListeningData }) {
  return (
    <>
      <div>
        <dt>Typical first employee reply (30 days)</dt>
        <dd data-testid="median-30d">{formatMinutes(figures.medianFirstResponseMinutes30d)}</dd>
      </div>
      <div>
        <dt>Over 90 days</dt>
        <dd>{formatMinutes(figures.medianFirstResponseMinutes90d)}</dd>
      </div>
      <div>
        <dt>Answered by an employee within 24 h</dt>
        <dd data-testid="answered-24h">{percent(figures.answeredWithin24hShare)}</dd>
      </div>
      {figures.waitingOver48h !== null && (
        <div>
          <dt>Waiting over 48 h</dt>
          <dd data-testid="waiting-48h">{figures.waitingOver48h}</dd>
        </div>
      )}
    </>
  );
}

/**
 * The company's (or one category's, or one team's) listening figures, kept live: the server
 * sends them as they are when the subscription starts (so nothing between the page's render
 * and the subscription is missed), then whenever they change.
 */
export function LiveListening({
  initial,
  category,
  department,
}: {
  initial: ListeningData;
  /** A category's slug; at most one of `category` and `department`. */
  category?: string;
  /** A department's (team's) slug. */
  department?: string;
}) {
  const [figures, setFigures] = useState(initial);
  useSubscription(
    { query: ListeningChanged, variables: { category: category ?? null, department: department ?? null } },
    (_previous, data) => {
      setFigures(data.listeningChanged);
      return data;
    },
  );
  return <ListeningTerms figures={figures} />;
}
