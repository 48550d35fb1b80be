import { personPath } from '../lib/links.ts';

export interface PersonLike {
  handle: string;
  displayName: string;
  isEmployee: boolean;
  title?: string | null;
  avatarUrl?: string | null;
  department?: { name: string } | null;
}

/** Eight calm backgrounds, all with AA contrast against white initials. */
const palette = ['#1d4ed8', '#047857', '#b45309', '#7c3aed', '#be185d', '#0f766e', '#9a3412', '#4338ca'];

function hue(handle: string): string {
  let sum = 0;
  for (const char of handle) sum = (sum * 31 + (char.codePointAt(0) ?? 0)) % 9973;
  return palette[sum % palette.length] ?? '#1d4ed8';
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');

/** A picture when the employee set one, else their initials; decorative (the name is beside it). */
export function Avatar({ person, size = 40 }: { person: PersonLike; size?: number }) {
  if (person.avatarUrl) {
    return (
      // biome-ignore lint/performance/noImgElement: employees' own https pictures, any host; no optimiser round trip.
      <img
        className="avatar"
        src={person.avatarUrl}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        referrerPolicy="no-referrer"
      />
    );
  }
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ width: size, height: size, background: hue(person.handle), fontSize: size * 0.4 }}
    >
      {initials(person.displayName)}
    </span>
  );
}

/** The "employee" mark every company post carries. */
export function EmployeeMark() {
  return <span className="employee-mark">Employee</span>;
}

/** Name (linked to the profile), and for employees the mark, title and team. */
export function Byline({ person, size = 40 }: { person: PersonLike; size?: number }) {
  return (
    <div className={person.isEmployee ? 'byline byline-employee' : 'byline'}>
      <Avatar person={person} size={size} />
      <div className="byline-text">
        <span className="byline-name">
          <a href={personPath(person.handle)}>{person.displayName}</a>
          {person.isEmployee && <EmployeeMark />}
        </span>
        {person.isEmployee && (person.title || person.department) && (
          <span className="byline-role">
            {[person.title, person.department?.name].filter(Boolean).join(' · ')}
          </span>
        )}
      </div>
    </div>
  );
}
