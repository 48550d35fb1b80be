import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { graphql } from '../../lib/graphql.ts';
import { getViewer, serverQuery } from '../../lib/server-client.ts';
import { EmployeeProfileForm } from './employee-profile-form.tsx';
import { SettingsForm } from './settings-form.tsx';

export const metadata: Metadata = { title: 'Profile settings', robots: { index: false } };
export const dynamic = 'force-dynamic';

const Me = graphql(`
  query SettingsMe {
    viewer {
      email
      kind
      person { handle displayName bio title expertise avatarUrl pronouns location department { id } }
    }
    departments { id name }
  }
`);

export default async function SettingsPage() {
  const { viewer } = await getViewer();
  if (!viewer) redirect('/sign-in?next=/settings');
  const data = await serverQuery(Me, {});
  const person = data.viewer?.person;
  if (!person) redirect('/sign-in?next=/settings');
  return (
    <section className="card narrow" aria-labelledby="settings-heading" style={{ maxWidth: '40rem' }}>
      <h1 id="settings-heading">Profile settings</h1>
      <p className="hint">
        Signed in as @{person.handle} ({data.viewer?.email}). Your email is never shown to anyone.
      </p>
      <SettingsForm displayName={person.displayName} bio={person.bio} handle={person.handle} />
      {data.viewer?.kind === 'EMPLOYEE' && (
        <>
          <hr className="divider" />
          <EmployeeProfileForm
            departments={data.departments}
            profile={{
              title: person.title,
              departmentId: person.department?.id ?? null,
              expertise: person.expertise ?? [],
              avatarUrl: person.avatarUrl,
              pronouns: person.pronouns,
              location: person.location,
            }}
          />
        </>
      )}
    </section>
  );
}
