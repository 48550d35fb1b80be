import type { Metadata } from 'next';
import { LiveListening } from '../../components/listening-figures.tsx';
import { Byline } from '../../components/person.tsx';
import { ListeningFields } from '../../lib/fragments.ts';
import { graphql } from '../../lib/graphql.ts';
import { serverQuery } from '../../lib/server-client.ts';
import { formatMinutes } from '../../lib/time.ts';

export const metadata: Metadata = {
  title: 'The team',
  description: 'The Tallybook people who answer in the community.',
};
export const dynamic = 'force-dynamic';

const Team = graphql(
  `
  query Team {
    departments {
      id
      slug
      name
      description
      stats { topicsAnswered90d medianFirstResponseMinutes90d answersGiven90d }
      listening { ...ListeningFields }
      employees {
        id handle displayName isEmployee title avatarUrl pronouns location expertise
        department { name }
        stats { answersGiven acceptedAnswers }
      }
    }
  }
`,
  [ListeningFields],
);

export default async function PeoplePage() {
  const { departments } = await serverQuery(Team, {});
  return (
    <>
      <h1>The people who answer</h1>
      <p className="hint">
        Every employee answers under their own name. Response figures cover the last 90 days.
      </p>
      {departments
        .filter((department) => department.employees.length > 0)
        .map((department) => (
          <section key={department.id} aria-labelledby={`dept-${department.slug}`}>
            <div className="section-head">
              <h2 id={`dept-${department.slug}`}>{department.name}</h2>
              <span className="hint">
                {department.stats.answersGiven90d} answers · typical first reply{' '}
                {formatMinutes(department.stats.medianFirstResponseMinutes90d)}
              </span>
            </div>
            <dl className="figures figures-compact" aria-label={`How fast ${department.name} answers`}>
              <LiveListening initial={department.listening} department={department.slug} />
            </dl>
            <ul className="people-grid">
              {department.employees.map((person) => (
                <li key={person.id} className="card person-card">
                  <Byline person={person} size={48} />
                  <span className="hint">
                    {[person.pronouns, person.location].filter(Boolean).join(' · ')}
                    {person.stats &&
                      ` · ${person.stats.answersGiven} answers, ${person.stats.acceptedAnswers} accepted`}
                  </span>
                  {person.expertise && person.expertise.length > 0 && (
                    <ul className="chips" aria-label={`${person.displayName} knows about`}>
                      {person.expertise.map((item) => (
                        <li key={item}>{item}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
    </>
  );
}
