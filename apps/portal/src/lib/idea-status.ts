/** Idea statuses in roadmap order, as readers name them. */
export const ideaStatuses = [
  ['OPEN', 'New ideas'],
  ['UNDER_REVIEW', 'Under review'],
  ['PLANNED', 'Planned'],
  ['IN_PROGRESS', 'In progress'],
  ['SHIPPED', 'Shipped'],
  ['DECLINED', 'Declined'],
  ['DUPLICATE', 'Duplicate'],
] as const;

export type IdeaStatusName = (typeof ideaStatuses)[number][0];

/** "Under review", for a status; "Open" rather than the roadmap's "New ideas". */
export function ideaStatusLabel(status: string): string {
  if (status === 'OPEN') return 'Open';
  return ideaStatuses.find(([name]) => name === status)?.[1] ?? status;
}

export const escalationLabels = { OPEN: 'Open', IN_PROGRESS: 'In progress', RESOLVED: 'Resolved' } as const;
