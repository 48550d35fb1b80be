'use client';

import { type FormEvent, useState } from 'react';
import { useClient } from '../../lib/browser-client.ts';
import { graphql } from '../../lib/graphql.ts';

const UpdateEmployeeProfile = graphql(`
  mutation UpdateEmployeeProfile($input: UpdateEmployeeProfileInput!) {
    updateEmployeeProfile(input: $input) {
      __typename
      ... on ValidationError { problems { field message } }
      ... on Error { message }
    }
  }
`);

export interface EmployeeProfile {
  title: string | null;
  departmentId: string | null;
  expertise: readonly string[];
  avatarUrl: string | null;
  pronouns: string | null;
  location: string | null;
}

type FieldName = 'title' | 'departmentId' | 'expertise' | 'avatarUrl' | 'pronouns' | 'location';

/** `input.expertise.3` and `input.expertise` both belong to the expertise field. */
function fieldOf(path: string | null | undefined): FieldName | 'form' {
  const name = path?.split('.')[1];
  return name === 'title' ||
    name === 'departmentId' ||
    name === 'expertise' ||
    name === 'avatarUrl' ||
    name === 'pronouns' ||
    name === 'location'
    ? name
    : 'form';
}

/** An employee's public face: what customers see beside every reply they write. */
export function EmployeeProfileForm({
  profile,
  departments,
}: {
  profile: EmployeeProfile;
  departments: readonly { id: string; name: string }[];
}) {
  const client = useClient();
  const [problems, setProblems] = useState<Partial<Record<FieldName | 'form', string>>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: FieldName) => String(form.get(name) ?? '');
    setBusy(true);
    setSaved(false);
    const result = await client
      .mutation(UpdateEmployeeProfile, {
        input: {
          title: text('title'),
          departmentId: text('departmentId') || null,
          expertise: text('expertise')
            .split(/[,\n]/)
            .map((item) => item.trim())
            .filter((item) => item !== ''),
          avatarUrl: text('avatarUrl'),
          pronouns: text('pronouns'),
          location: text('location'),
        },
      })
      .toPromise();
    setBusy(false);
    const payload = result.data?.updateEmployeeProfile;
    if (payload?.__typename === 'MutationUpdateEmployeeProfileSuccess') {
      setProblems({});
      setSaved(true);
      return;
    }
    if (payload && 'problems' in payload) {
      const found: Partial<Record<FieldName | 'form', string>> = {};
      for (const problem of payload.problems) {
        const name = fieldOf(problem.field);
        found[name] = [found[name], `${label[name]} ${problem.message}.`].filter(Boolean).join(' ');
      }
      setProblems(found);
    } else {
      setProblems({ form: payload && 'message' in payload ? payload.message : 'Could not save. Try again.' });
    }
  };

  const describedBy = (name: FieldName, hint?: string) =>
    [hint && `${name}-hint`, problems[name] && `${name}-error`].filter(Boolean).join(' ') || undefined;
  const error = (name: FieldName) =>
    problems[name] ? (
      <span className="form-error" id={`${name}-error`}>
        {problems[name]}
      </span>
    ) : null;
  const input = (
    name: Exclude<FieldName, 'departmentId' | 'expertise'>,
    value: string | null,
    hint?: string,
  ) => (
    <div className="field">
      <label htmlFor={name}>{label[name]}</label>
      {hint && (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={name}
        name={name}
        type={name === 'avatarUrl' ? 'url' : 'text'}
        defaultValue={value ?? ''}
        aria-invalid={problems[name] ? true : undefined}
        aria-describedby={describedBy(name, hint)}
      />
      {error(name)}
    </div>
  );

  return (
    <form onSubmit={submit} noValidate aria-labelledby="employee-profile-heading">
      <h2 id="employee-profile-heading">Your employee profile</h2>
      <p className="hint">Customers see this beside every reply you write, and on your profile page.</p>
      {input('title', profile.title, '2–100 characters, e.g. “Support engineer”.')}
      <div className="field">
        <label htmlFor="departmentId">{label.departmentId}</label>
        <select
          id="departmentId"
          name="departmentId"
          defaultValue={profile.departmentId ?? ''}
          aria-invalid={problems.departmentId ? true : undefined}
          aria-describedby={describedBy('departmentId')}
        >
          {departments.map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
        {error('departmentId')}
      </div>
      <div className="field">
        <label htmlFor="expertise">{label.expertise}</label>
        <span className="hint" id="expertise-hint">
          Up to 10, separated by commas, each up to 40 characters.
        </span>
        <input
          id="expertise"
          name="expertise"
          type="text"
          defaultValue={profile.expertise.join(', ')}
          aria-invalid={problems.expertise ? true : undefined}
          aria-describedby={describedBy('expertise', 'hint')}
        />
        {error('expertise')}
      </div>
      {input(
        'avatarUrl',
        profile.avatarUrl,
        'An https address of your picture; leave empty for your initials.',
      )}
      {input('pronouns', profile.pronouns, 'Optional, e.g. “she/her”.')}
      {input('location', profile.location, 'Optional, e.g. “Lisbon”.')}
      {problems.form && (
        <p className="form-error" role="alert">
          {problems.form}
        </p>
      )}
      <p className="hint" role="status">
        {saved ? 'Saved. Your profile shows it now.' : ''}
      </p>
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Saving…' : 'Save employee profile'}
      </button>
    </form>
  );
}

const label: Record<FieldName | 'form', string> = {
  title: 'Job title',
  departmentId: 'Department',
  expertise: 'Knows about',
  avatarUrl: 'Picture (URL)',
  pronouns: 'Pronouns',
  location: 'Location',
  form: '',
};
